using System.Text;
using AmtSim.Runtime.Errors;

namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>
/// Turns a log file's bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with a BOM or
/// recognised by its zero bytes, and Latin-1 when the bytes are not valid UTF-8. Bytes that are
/// not text (an image, an archive, a core dump) are refused with a clear message.
/// </summary>
public static class LogDecoder
{
    private const int SampleLength = 4096;

    /// <summary>Share of control characters (other than tab, CR, LF, FF) above which the content is not text.</summary>
    private const double MaxControlShare = 0.05;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="InvalidInputException">The bytes are not text; the message names <paramref name="name"/>.</exception>
    public static LogText Decode(ReadOnlySpan<byte> bytes, string name)
    {
        var (text, encoding) = DecodeText(bytes);
        var problem = FindBinaryContent(text);
        if (problem is not null)
        {
            throw new InvalidInputException($"{name}: not a text log ({problem}); expected amtopmgr.log or a provisioning tool's text output");
        }

        return new LogText(text, encoding);
    }

    /// <summary>
    /// The decoder for a streamed log, chosen from its first bytes: a BOM (skipped), UTF-16 by its zero
    /// bytes, UTF-8 when the sample is valid UTF-8 (later invalid bytes become U+FFFD), else Latin-1.
    /// </summary>
    public static (Decoder Decoder, string Encoding, int Skip) Choose(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            var utf8 = IsUtf8(sample[3..]);
            return (utf8 ? new UTF8Encoding(false, false).GetDecoder() : Encoding.Latin1.GetDecoder(), (utf8 ? "UTF-8" : "Latin-1") + " (BOM)", 3);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetDecoder(), "UTF-16LE (BOM)", 2);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetDecoder(), "UTF-16BE (BOM)", 2);
        }

        return GuessUtf16(sample) switch
        {
            true => (Encoding.Unicode.GetDecoder(), "UTF-16LE", 0),
            false => (Encoding.BigEndianUnicode.GetDecoder(), "UTF-16BE", 0),
            _ => IsUtf8(sample) ? (new UTF8Encoding(false, false).GetDecoder(), "UTF-8", 0) : (Encoding.Latin1.GetDecoder(), "Latin-1", 0),
        };
    }

    /// <summary>Valid UTF-8, allowing a sequence cut off at the end of the sample.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        for (var cut = 0; cut <= 3 && cut <= sample.Length; cut++)
        {
            try
            {
                StrictUtf8.GetCharCount(sample[..^cut]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return false;
    }

    private static (string Text, string Encoding) DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8OrLatin1(bytes[3..], out var enc), enc + " (BOM)");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "UTF-16LE (BOM)");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16BE (BOM)");
        }

        switch (GuessUtf16(bytes))
        {
            case true:
                return (Encoding.Unicode.GetString(bytes), "UTF-16LE");
            case false:
                return (Encoding.BigEndianUnicode.GetString(bytes), "UTF-16BE");
            default:
                return (Utf8OrLatin1(bytes, out var enc), enc);
        }
    }

    /// <summary>true: UTF-16LE (zeros at odd offsets), false: UTF-16BE (zeros at even offsets), null: neither.</summary>
    private static bool? GuessUtf16(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..(Math.Min(bytes.Length, SampleLength) & ~1)];
        if (sample.Length < 4)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;

        // ASCII-range text in UTF-16 has a zero in nearly every pair, always on the same side.
        if (oddZeros >= pairs * 0.6 && evenZeros <= pairs * 0.05)
        {
            return true;
        }

        if (evenZeros >= pairs * 0.6 && oddZeros <= pairs * 0.05)
        {
            return false;
        }

        return null;
    }

    private static string Utf8OrLatin1(ReadOnlySpan<byte> bytes, out string encoding)
    {
        try
        {
            encoding = "UTF-8";
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            encoding = "Latin-1";
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Why the start of <paramref name="text"/> is not text (a NUL, too many control characters), or null.</summary>
    public static string? FindBinaryContent(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, SampleLength));
        if (sample.IsEmpty)
        {
            return null;
        }

        var nul = sample.IndexOf('\0');
        if (nul >= 0)
        {
            return $"NUL character at character {nul}";
        }

        var controls = 0;
        foreach (var c in sample)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'))
            {
                controls++;
            }
        }

        return controls > sample.Length * MaxControlShare
            ? $"{controls} control characters in the first {sample.Length}"
            : null;
    }
}
