using System.Text;
using AmtSim.Runtime.Errors;
using AmtSim.Scenarios.Diagnosis;
using AmtSim.Scenarios.Diagnosis.Reading;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

/// <summary>Issue 16, item 4: logs are streamed in blocks, inputs of unknown length are capped, and line numbers survive block boundaries.</summary>
public class LogStreamingTests
{
    [Fact]
    public void Diagnose_FailureAfterSeveralBlocks_KeepsItsPhysicalLineNumber()
    {
        var sb = new StringBuilder();
        var lines = 0;
        while (sb.Length < 3 * LogFileReader.BlockChars)
        {
            sb.Append("AMT Provision Worker: Wait 20 seconds...\r\n");
            lines++;
        }

        sb.Append("Server unexpectedly disconnected when TLS handshaking.\n**** Error 0x382b948 returned by ApplyControlToken\n");

        using var source = LogFileReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "big.log", lengthKnown: true);
        var report = new Diagnoser().Diagnose(source);

        Assert.Equal("sccm-expired-intermediate", report.Verdict?.Signature.Id);
        Assert.Equal([lines + 1, lines + 2], report.Verdict!.Evidence.Select(h => h.Line));
        Assert.Equal(lines + 2, report.Log.RecordCount);
        Assert.Empty(report.Log.Records);
    }

    [Fact]
    public void Diagnose_CmTraceEntryAcrossABlockBoundary_IsReadWhole()
    {
        var sb = new StringBuilder();
        while (sb.Length < LogFileReader.BlockChars - 20)
        {
            sb.Append("filler line\n");
        }

        sb.Append("<![LOG[Server unexpectedly disconnected\nwhen TLS handshaking.]LOG]!><time=\"12:00:00.000+000\" date=\"06-01-2026\" component=\"SMS_AMT_OPERATION_MANAGER\" context=\"\" type=\"3\" thread=\"4132\" file=\"\">\n");

        using var source = LogFileReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "cm.log", lengthKnown: true);
        var report = new Diagnoser().Diagnose(source);

        Assert.Equal("sccm-expired-intermediate", report.Verdict?.Signature.Id);
    }

    [Fact]
    public void Open_EndlessInputOfUnknownLength_StopsAtTheCapWithAClearError()
    {
        // issue 16: `diagnose /dev/zero` died of OutOfMemory; an endless pipe must stop at the cap.
        using var source = LogFileReader.Open(new EndlessText(), "pipe", lengthKnown: false, maxUnknownLengthBytes: 4 * 1024 * 1024);

        var ex = Assert.Throws<InvalidInputException>(() => new Diagnoser().Diagnose(source));

        Assert.Contains("pipe: more than 4194304 bytes from an input of unknown length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DevZero_IsRefusedAsNotText()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        var ex = Assert.Throws<InvalidInputException>(() => LogFileReader.Open("/dev/zero").Dispose());

        Assert.Contains("/dev/zero: not a text log (NUL character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TextThatTurnsBinaryLater_IsRefusedNamingTheBlock()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', 100) + "\n").Concat(Enumerable.Repeat((byte)'x', LogFileReader.BlockChars * 2)).ToArray();
        for (var i = LogFileReader.BlockChars + 10; i < bytes.Length; i += 3)
        {
            bytes[i] = 0;
        }

        using var source = LogFileReader.Open(new MemoryStream(bytes), "mixed.bin", lengthKnown: true);

        var ex = Assert.Throws<InvalidInputException>(() => new Diagnoser().Diagnose(source));
        Assert.Contains("mixed.bin: not a text log", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LineWithoutBreaks_IsCutIntoPiecesAndStillMatched()
    {
        var text = new string('x', LogFileReader.MaxLineChars * 3) + " Uploaded certificate has expired";

        using var source = LogFileReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "one-line.log", lengthKnown: true);
        var report = new Diagnoser().Diagnose(source);

        Assert.Equal("rps-certificate-expired", report.Verdict?.Signature.Id);
    }

    /// <summary>A pipe that never ends: the same text line forever.</summary>
    private sealed class EndlessText : Stream
    {
        private static readonly byte[] Line = Encoding.ASCII.GetBytes("y\n");
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = Line[(int)((_position + i) % Line.Length)];
            }

            _position += count;
            return count;
        }
    }
}
