using AmtSim.Protocol.Hello;

namespace AmtSim.Pki.Catalogue;

/// <summary>
/// The real default trusted root hashes preloaded in AMT firmware, per generation
/// (amt-reference.md §3). These are facts about real vendor roots; simulated devices also
/// trust the project's stand-in roots (see <see cref="StandInRoots"/>), since nobody can sign
/// with the real vendor keys.
/// </summary>
public static class DefaultHashTables
{
    /// <summary>SHA-1 table of AMT 3.x to 10.x (Intel AMT SDK). [C]</summary>
    public static IReadOnlyList<TrustedRootHash> Sha1Amt3To10 { get; } =
    [
        Sha1("VeriSign Class 3 PCA-G1", "742c3192e607e424eb4549542be1bbc53e6174e2"),
        Sha1("VeriSign Class 3 PCA-G1.5", "a1db6393916f17e4185509400415c70240b0ae6b"),
        Sha1("VeriSign Class 3 PCA-G2", "85371ca6e550143dce2803471bde3a09e8f8770f"),
        Sha1("VeriSign Class 3 PCA-G3", "132d0d45534b6997cdb2d5c339e25576609b5cc6"),
        Sha1("VeriSign Class 3 PCA-G5", "4eb6d578499b1ccf5f581ead56be3d9b6744a5e5"),
        Sha1("Go Daddy Class 2 CA", "2796bae63f1801e277261ba0d77770028f20eee4"),
        Sha1("Comodo AAA Certificate Services", "d1eb23a46d17d68fd92564c2f1f1601764d8e349"),
        Sha1("Starfield Class 2 CA", "ad7e1c28b064ef8f6003402014c3d0e3370eb58a"),
        Sha1("Cybertrust Global Root", "5f43e5b1bff8788cac1cc7ca4a9ac6222bcc34c6"),
        Sha1("Entrust Root CA", "b31eb1b740e36c8402dadc37d44df5d4674952f9"),
    ];

    /// <summary>SHA-256 entries in the order a real device reports them in its hello (AMT 11.8+). [C]</summary>
    public static IReadOnlyList<TrustedRootHash> Sha256Current { get; } =
    [
        Sha256("Go Daddy Class 2 CA", "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4"),
        Sha256("Go Daddy Root CA - G2", "45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda"),
        Sha256("Comodo AAA Certificate Services", "d7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4"),
        Sha256("Starfield Class 2 CA", "1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658"),
        Sha256("Starfield Root CA - G2", "2ce1cb0bf9d2f9e102993fbe215152c3b2dd0cabde1c68e5319b839154dbb7f5"),
        Sha256("VeriSign Class 3 Public Primary CA - G5", "9acfab7e43c8d880d06b262a94deeee4b4659989c3d0caf19baf6405e41ab7df"),
        Sha256("Baltimore CyberTrust Root", "16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb"),
        Sha256("Cybertrust Global Root", "960adf0063e96356750c2965dd0a0867da0b9cbd6e77714aeafb2349ab393da3"),
        Sha256("Verizon Global Root CA", "68ad50909b04363c605ef13581a939ff2c96372e3f12325b0a6861e1d59f6603"),
        Sha256("Entrust.net CA (2048)", "6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177"),
        Sha256("Entrust Root CA", "73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c"),
        Sha256("Entrust Root CA - G2", "43df5774b03e7fef5fe40d931a7bedf1bb2e6b42738c4e6d3841103d3aa7f339"),
        Sha256("VeriSign Universal Root CA", "2399561127a57125de8cefea610ddf2fa078b5c8067f4e828290bfb860e84b3c"),
        Sha256("AffirmTrust Premium", "70a73f7f376b60074248904534b11482d5bf0e698ecc498df52577ebf2e93b9a"),
        Sha256("DigiCert Global Root CA", "4348a0e9444c78cb265e058d5e8944b4d84f9662bd26db257f8934a443c70161"),
        Sha256("DigiCert Global Root G2", "cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f"),
        Sha256("DigiCert Global Root G3", "31ad6648f8104138c738f39ea4320133393e3a18cc02296ef97c2ac9ef6731d0"),
        Sha256("DigiCert Trusted Root G4", "552f7bdcf1a7af9e6ce672017f4f12abf77240c78e761ac203d1d9d20ac89988"),
        Sha256("GlobalSign NP RSA CA 2018", "67540a47aa5b9f34570a99723cfefa96a96ee3f0d9b8bf4def9440b8065d665d"),
        Sha256("GlobalSign NP ECC CA 2018", "7224395222cd588c4f2683716922addb41e39b581ac34fa87b39efa896fbb39e"),
        Sha256("GlobalSign Root CA - R3", "cbb522d7b7f127ad6a0113865bdf1cd4102e7d0759af635a7cf4720dc963c53b"),
        Sha256("GlobalSign ECC Root CA - R5", "179fbc148a3dd00fd24ea13458cc43bfa7f59c8182d783a513f6ebec100c8924"),
        Sha256("GlobalSign Root CA - R6", "2cabeafe37d06ca22aba7391c0033d25982952c453647349763a3ab5ad6ccf69"),
    ];

    /// <summary>Older SHA-256 entries of the AMT 11.8 list. VeriSign G1 was removed from 11.8.65 / 12.0.32. [C]</summary>
    public static IReadOnlyList<TrustedRootHash> Sha256Amt11Legacy { get; } =
    [
        Sha256("VeriSign Class 3 PCA (G1)", "e7685634efacf69ace939a6b255b7b4fabef42935b50a265acb5cb6027e44e70"),
        Sha256("VeriSign Class 3 PCA (G1.5)", "a4b6b3996fc2f306b3fd8681bd63413d8c5009cc4fa329c2ccf0e2fa1b140305"),
        Sha256("VeriSign Class 3 PCA (G3)", "eb04cf5eb1f39afa762f2bb120f296cba520c1b97db1589565b81cb9a17b7244"),
        Sha256("VeriSign Class 3 PCA (G2)", "83ce3c1229688a593d485f81973c0f9195431eda37cc5e36430e79c7a888638b"),
        Sha256("GTE CyberTrust Global Root", "a53125188d2110aa964b02c7b7c6da3203170894e5fb71fffb6667d5e6810a36"),
    ];

    /// <summary>
    /// The default table a device of firmware major version <paramref name="major"/> ships with.
    /// Before 11: the SHA-1 SDK table. 11.x: the current SHA-256 list plus the 11.8 legacy entries
    /// (SHA-1 defaults were removed in ME 11). 12 and later: the current list (the 23 a real
    /// device reports), G1 gone. The exact per-build membership is [I]: documented in README.
    /// </summary>
    public static IReadOnlyList<TrustedRootHash> ForFirmware(int major) => major switch
    {
        < 11 => Sha1Amt3To10,
        11 => [.. Sha256Current, .. Sha256Amt11Legacy],
        _ => Sha256Current,
    };

    private static TrustedRootHash Sha1(string name, string hex) => TrustedRootHash.FromHex(name, CertHashType.Sha1, hex);

    private static TrustedRootHash Sha256(string name, string hex) => TrustedRootHash.FromHex(name, CertHashType.Sha256, hex);
}
