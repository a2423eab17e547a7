using System.Text;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Diagnosis.Reading;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class LogDecoderTests
{
    private const string Line = "Server unexpectedly disconnected when TLS handshaking.\r\nGrüße";

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8")]
    [InlineData("latin-1")]
    public void Decode_Encoding_GivesTheText(string encoding)
    {
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Line)],
            "utf-16le-bom" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Line)],
            "utf-16be-bom" => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Line)],
            "utf-16le" => Encoding.Unicode.GetBytes(Line),
            "utf-16be" => Encoding.BigEndianUnicode.GetBytes(Line),
            "utf-8" => Encoding.UTF8.GetBytes(Line),
            _ => Encoding.Latin1.GetBytes(Line),
        };

        var text = LogDecoder.Decode(bytes, "x.log");

        Assert.Equal(Line, text.Text);
    }

    [Fact]
    public void Decode_InvalidUtf8_FallsBackToLatin1()
    {
        var text = LogDecoder.Decode(Encoding.Latin1.GetBytes("Prüfung"), "x.log");

        Assert.Equal("Latin-1", text.Encoding);
        Assert.Equal("Prüfung", text.Text);
    }

    [Fact]
    public void Decode_BinaryWithNul_ThrowsNamingTheFile()
    {
        var ex = Assert.ThrowsAny<InvalidInputException>(() => LogDecoder.Decode([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 0x49, 0x48, 0xC3, 0x28, 0x01], "shot.png"));

        Assert.Contains("shot.png", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a text log", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ControlCharactersWithoutNul_ThrowsAsBinary()
    {
        var bytes = Enumerable.Range(0, 512).Select(i => (byte)(1 + (i % 31))).ToArray();

        Assert.ThrowsAny<InvalidInputException>(() => LogDecoder.Decode(bytes, "core.bin"));
    }

    [Fact]
    public void Decode_Empty_GivesEmptyText()
    {
        Assert.Equal("", LogDecoder.Decode([], "empty.log").Text);
    }

    [Fact]
    public void Read_MissingFile_ThrowsInvalidInputNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"amtsim-missing-{Guid.NewGuid():N}.log");

        var ex = Assert.ThrowsAny<InvalidInputException>(() => LogFileReader.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Folder_ThrowsInvalidInputSayingSo()
    {
        var ex = Assert.ThrowsAny<InvalidInputException>(() => LogFileReader.Read(Path.GetTempPath()));

        Assert.Contains("is a folder", ex.Message, StringComparison.Ordinal);
    }
}
