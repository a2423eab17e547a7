namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>How one record of a log was written.</summary>
public enum LogRecordFormat
{
    /// <summary>A line of text with no known framing (other tools' output, or messages pasted alone).</summary>
    PlainText,

    /// <summary>ConfigMgr 2012+ / CMTrace: <c>&lt;![LOG[message]LOG]!&gt;&lt;time="..." ... thread="N" ...&gt;</c>.</summary>
    CmTrace,

    /// <summary>SCCM 2007 raw file: <c>message  $$&lt;component&gt;&lt;date time&gt;&lt;thread=N (0xN)&gt;</c>.</summary>
    Sccm2007,

    /// <summary>The log viewer's columns as pasted: message, component, date time, thread <c>2880 (0x0B40)</c>.</summary>
    ViewerColumns,
}
