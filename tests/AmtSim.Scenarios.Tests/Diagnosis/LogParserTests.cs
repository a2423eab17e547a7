using AmtSim.Scenarios.Diagnosis.Reading;
using Xunit;

namespace AmtSim.Scenarios.Tests.Diagnosis;

public class LogParserTests
{
    [Fact]
    public void Parse_CmTraceEntrySpanningLines_IsOneRecordWithTheLinesItCameFrom()
    {
        const string text = "junk before\r\n<![LOG[Server unexpectedly\r\ndisconnected when TLS handshaking.]LOG]!><time=\"14:00:01.000+300\" date=\"03-12-2009\" component=\"SMS_AMT_OPERATION_MANAGER\" context=\"\" type=\"3\" thread=\"4132\" file=\"amtopmgr.cpp\">\r\n<![LOG[next]LOG]!><time=\"14:00:02.000+300\" date=\"03-12-2009\" component=\"C\" context=\"\" type=\"1\" thread=\"1\" file=\"\">";

        var records = LogParser.Parse(text);

        Assert.Equal(3, records.Count);
        Assert.Equal("junk before", records[0].Message);
        Assert.Equal(LogRecordFormat.PlainText, records[0].Format);
        var entry = records[1];
        Assert.Equal(LogRecordFormat.CmTrace, entry.Format);
        Assert.Equal("Server unexpectedly disconnected when TLS handshaking.", entry.Message);
        Assert.Equal(2, entry.Line);
        Assert.Equal(3, entry.LineAt(entry.Message.IndexOf("disconnected", StringComparison.Ordinal)));
        Assert.Equal(4132, entry.Thread);
        Assert.Equal("SMS_AMT_OPERATION_MANAGER", entry.Component);
        Assert.Equal("03-12-2009 14:00:01.000+300", entry.Timestamp);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void Parse_Sccm2007Line_SplitsMessageAndFraming()
    {
        var records = LogParser.Parse("Get certificate data from database.  $$<SMS_AMT_OPERATION_MANAGER><11-23-2009 11:37:05.000+300><thread=2700 (0xA8C)>\n");

        var r = Assert.Single(records);
        Assert.Equal(LogRecordFormat.Sccm2007, r.Format);
        Assert.Equal("Get certificate data from database.", r.Message);
        Assert.Equal(2700, r.Thread);
        Assert.Equal("11-23-2009 11:37:05.000+300", r.Timestamp);
    }

    [Fact]
    public void Parse_ViewerColumnsWithNoBreakSpaces_SplitsMessageAndColumns()
    {
        const string line = "Get certificate data from database.\u00a0 \u00a0 \u00a0 SMS_AMT_OPERATION_MANAGER\u00a0 \u00a0 11/23/2009 11:37:05 AM\u00a0 \u00a0 2700 (0x0A8C)";

        var r = Assert.Single(LogParser.Parse(line));

        Assert.Equal(LogRecordFormat.ViewerColumns, r.Format);
        Assert.Equal("Get certificate data from database.", r.Message);
        Assert.Equal("11/23/2009 11:37:05 AM", r.Timestamp);
        Assert.Equal(2700, r.Thread);
    }

    [Fact]
    public void Parse_ViewerColumnsWithoutTimestamp_StillSplitsTheColumns()
    {
        var r = Assert.Single(LogParser.Parse("Get certificate data from database.\tSMS_AMT_OPERATION_MANAGER\t\t2700 (0x0A8C)"));

        Assert.Equal(LogRecordFormat.ViewerColumns, r.Format);
        Assert.Null(r.Timestamp);
    }

    [Fact]
    public void Parse_MixedLineEndings_CountsEveryKindOfBreak()
    {
        var records = LogParser.Parse("one.\r\ntwo.\nthree.\rfour.");

        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void Parse_WrappedPlainLine_JoinsItAndMapsOffsetsToLines()
    {
        const string text = "Try to use provisioning account to connect target machine\nvprosystem.subdomain.mydomain.com...\n\nServer unexpectedly disconnected when TLS handshaking.\n";

        var records = LogParser.Parse(text);

        Assert.Equal(2, records.Count);
        Assert.Equal("Try to use provisioning account to connect target machine vprosystem.subdomain.mydomain.com...", records[0].Message);
        Assert.Equal(2, records[0].LineAt(records[0].Message.IndexOf("vprosystem", StringComparison.Ordinal)));
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void Parse_ShortLinesWithoutPunctuation_StayApart()
    {
        var records = LogParser.Parse("MeshCmd v0.9.0\nConnecting to MeshCentral\nUnable to find a matching ACM activation certificate.\n");

        Assert.Equal(3, records.Count);
    }

    [Fact]
    public void Parse_UnclosedCmTraceEntry_IsReadAsText()
    {
        var r = Assert.Single(LogParser.Parse("<![LOG[Server unexpectedly disconnected"));

        Assert.Equal(LogRecordFormat.PlainText, r.Format);
    }

    [Fact]
    public void Parse_LongTimestampedLinesWithoutPunctuation_StayApart()
    {
        const string text = "2024-03-05 10:14:11 info  Validating domain certificate for profile acm-profile\n2024-03-05 10:14:11 error Invalid domain certificate, hash does not exists in list of trusted root certificates on AMT\n";

        var records = LogParser.Parse(text);

        Assert.Equal([1, 2], records.Select(r => r.Line));
    }
}
