namespace AmtSim.Protocol.Tests.Hello;

/// <summary>
/// The 807-byte PKI hello of a real device (via MeshCentral), rebuilt from amt-reference.md §1.2
/// and §3: header 01 00 03 00 00 00 00 00, GUID bytes, count 0x17, then the 23 SHA-256 default
/// hashes in the order the device reports them, each prefixed 02 20.
/// </summary>
internal static class HelloTestVector
{
    public const string GuidBytesHex = "4b529b93d413181de4871c697a6b7a2b";
    public const string GuidString = "939b524b-13d4-1d18-e487-1c697a6b7a2b";

    public static readonly string[] Sha256Hashes =
    [
        "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4",
        "45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda",
        "d7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4",
        "1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658",
        "2ce1cb0bf9d2f9e102993fbe215152c3b2dd0cabde1c68e5319b839154dbb7f5",
        "9acfab7e43c8d880d06b262a94deeee4b4659989c3d0caf19baf6405e41ab7df",
        "16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb",
        "960adf0063e96356750c2965dd0a0867da0b9cbd6e77714aeafb2349ab393da3",
        "68ad50909b04363c605ef13581a939ff2c96372e3f12325b0a6861e1d59f6603",
        "6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177",
        "73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c",
        "43df5774b03e7fef5fe40d931a7bedf1bb2e6b42738c4e6d3841103d3aa7f339",
        "2399561127a57125de8cefea610ddf2fa078b5c8067f4e828290bfb860e84b3c",
        "70a73f7f376b60074248904534b11482d5bf0e698ecc498df52577ebf2e93b9a",
        "4348a0e9444c78cb265e058d5e8944b4d84f9662bd26db257f8934a443c70161",
        "cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f",
        "31ad6648f8104138c738f39ea4320133393e3a18cc02296ef97c2ac9ef6731d0",
        "552f7bdcf1a7af9e6ce672017f4f12abf77240c78e761ac203d1d9d20ac89988",
        "67540a47aa5b9f34570a99723cfefa96a96ee3f0d9b8bf4def9440b8065d665d",
        "7224395222cd588c4f2683716922addb41e39b581ac34fa87b39efa896fbb39e",
        "cbb522d7b7f127ad6a0113865bdf1cd4102e7d0759af635a7cf4720dc963c53b",
        "179fbc148a3dd00fd24ea13458cc43bfa7f59c8182d783a513f6ebec100c8924",
        "2cabeafe37d06ca22aba7391c0033d25982952c453647349763a3ab5ad6ccf69",
    ];

    /// <summary>The vector's bytes, assembled by hand (not by the writer under test).</summary>
    public static byte[] Bytes()
    {
        var hex = "0100030000000000" + GuidBytesHex + "17" + string.Concat(Sha256Hashes.Select(h => "0220" + h));
        return Convert.FromHexString(hex);
    }
}
