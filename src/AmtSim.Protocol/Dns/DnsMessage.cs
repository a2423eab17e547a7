using System.Net;

namespace AmtSim.Protocol.Dns;

/// <summary>Record types the simulator asks for.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    Ptr = 12,
    Aaaa = 28,
}

/// <summary>DNS response codes (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode : byte
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
}

public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = 1);

/// <summary>One answer record; <see cref="Address"/> is set for A records, <see cref="Target"/> for PTR.</summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, uint Ttl, IPAddress? Address = null, string? Target = null, ushort Class = 1);

/// <summary>A DNS message as far as the simulator needs it: header, questions and answers (authority and additional skipped).</summary>
public sealed record DnsMessage
{
    public ushort Id { get; init; }

    public bool IsResponse { get; init; }

    public bool RecursionDesired { get; init; } = true;

    public bool RecursionAvailable { get; init; }

    public bool Authoritative { get; init; }

    public bool Truncated { get; init; }

    public DnsResponseCode ResponseCode { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    public static DnsMessage Query(ushort id, string name, DnsRecordType type) => new()
    {
        Id = id,
        Questions = [new DnsQuestion(name, type)],
    };
}
