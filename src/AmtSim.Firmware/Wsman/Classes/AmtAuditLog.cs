using System.Globalization;
using AmtSim.Protocol.Wsman;

namespace AmtSim.Firmware.Wsman.Classes;

/// <summary>
/// AMT_AuditLog (go-wsman-messages amt/auditlog/get.xml, readrecords.xml): the device's audit trail as AMT audit
/// records (<see cref="AmtAuditRecords"/>). ReadRecords(StartIndex) returns up to ten records from the 1-based
/// StartIndex with TotalRecordCount, as real AMT pages them; a StartIndex past the end returns none.
/// </summary>
public sealed class AmtAuditLog : WsmanClass
{
    public const int PageSize = 10;

    /// <summary>Records the log holds before it is full (AMT's audit storage is a few kilobytes) [I].</summary>
    public const int Capacity = 2000;

    public override string ClassName => "AMT_AuditLog";

    public override IReadOnlyCollection<string> Methods => ["ReadRecords"];

    public override IReadOnlyList<WsmanInstance> Instances(WsmanCall call)
    {
        var records = AmtAuditRecords.From(call.Device.Audit);
        var properties = new List<WsmanProperty>
        {
            WsmanProperty.Of("AuditState", 16),
            WsmanProperty.Of("CurrentNumberOfRecords", records.Count),
            WsmanProperty.Of("ElementName", "Intel(r) AMT Audit Log"),
            WsmanProperty.Of("EnabledState", 2),
            WsmanProperty.Of("MaxAllowedAuditors", 1),
            WsmanProperty.Of("MaxNumberOfRecords", 0),
            WsmanProperty.Of("Name", "Intel(r) AMT:Audit Log"),
            WsmanProperty.Of("OverwritePolicy", 2),
            WsmanProperty.Of("PercentageFree", Math.Max(0, 100 - (records.Count * 100 / Capacity))),
            WsmanProperty.Of("RequestedState", 2),
            WsmanProperty.Of("StoragePolicy", 1),
        };
        if (records.Count > 0)
        {
            properties.Add(WsmanProperty.Datetime("TimeOfLastRecord", records[^1].At));
        }

        return [Instance(properties)];
    }

    public override WsmanResult Invoke(string method, WsmanCall call)
    {
        if (!call.TryUInt("StartIndex", out var start) || start < 1)
        {
            return WsmanResult.Output(AmtSetupAndConfigurationService.InvalidParameter, "StartIndex must be 1 or more: " + (call.Text("StartIndex") ?? "(missing)"));
        }

        var records = AmtAuditRecords.From(call.Device.Audit);
        var page = records.Skip((int)Math.Min(start - 1, int.MaxValue)).Take(PageSize).ToList();
        var output = new List<WsmanProperty>
        {
            WsmanProperty.Of("TotalRecordCount", records.Count),
            WsmanProperty.Of("RecordsReturned", page.Count),
        };
        output.AddRange(page.Select(r => WsmanProperty.Of("EventRecords", Convert.ToBase64String(r.Encode()))));
        return WsmanResult.Output(0, string.Create(CultureInfo.InvariantCulture, $"{page.Count} of {records.Count} record(s) from {start}"), [.. output]);
    }
}
