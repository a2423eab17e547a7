using System.Buffers;
using System.Text;
using AmtSim.Protocol.Errors;

namespace AmtSim.Protocol.Apf;

/// <summary>
/// Pure, resumable reader of APF messages (both directions). Incomplete input returns false and
/// consumes nothing; malformed input throws <see cref="ApfFormatException"/> as soon as the bad
/// field's bytes are there (a length over the limit is refused before its bytes arrive), so a
/// peer cannot make the reader buffer more than the limits, and each call costs at most the
/// message's own length.
/// </summary>
public static class ApfReader
{
    public static bool TryRead(ref SequenceReader<byte> reader, out ApfMessage message)
        => TryRead(ref reader, ApfReadOptions.Server, out message);

    public static bool TryRead(ref SequenceReader<byte> reader, ApfReadOptions options, out ApfMessage message)
    {
        message = null!;
        var limits = options.Limits ?? ApfLimits.Default;
        var r = new Cursor(reader, limits);
        if (!r.Reader.TryRead(out var typeByte))
        {
            return false;
        }

        var type = (ApfMessageType)typeByte;
        r.Type = type;
        ApfMessage? read = type switch
        {
            ApfMessageType.Disconnect => r.U32(out var reason) && r.Skip(2) ? new ApfDisconnect((ApfDisconnectReason)reason) : null,
            ApfMessageType.ServiceRequest => r.Name(out var s) ? new ApfServiceRequest(s) : null,
            ApfMessageType.ServiceAccept => r.Name(out var s) ? new ApfServiceAccept(s) : null,
            ApfMessageType.UserAuthRequest => ReadUserAuth(ref r),
            ApfMessageType.UserAuthFailure => r.Name(out var m) && r.Skip(2) ? new ApfUserAuthFailure(m) : null,
            ApfMessageType.UserAuthSuccess => new ApfUserAuthSuccess(),
            ApfMessageType.GlobalRequest => ReadGlobalRequest(ref r),
            ApfMessageType.RequestSuccess => options.RequestSuccessCarriesPort
                ? r.U32(out var port) ? new ApfRequestSuccess(port) : null
                : new ApfRequestSuccess(null),
            ApfMessageType.RequestFailure => new ApfRequestFailure(),
            ApfMessageType.ChannelOpen => ReadChannelOpen(ref r),
            ApfMessageType.ChannelOpenConfirmation => r.U32(out var rc) && r.U32(out var sc) && r.U32(out var w) && r.Skip(4) ? new ApfChannelOpenConfirmation(rc, sc, w) : null,
            ApfMessageType.ChannelOpenFailure => r.U32(out var rc) && r.U32(out var why) && r.Skip(8) ? new ApfChannelOpenFailure(rc, (ApfChannelOpenFailureReason)why) : null,
            ApfMessageType.ChannelWindowAdjust => r.U32(out var rc) && r.U32(out var add) ? new ApfChannelWindowAdjust(rc, add) : null,
            ApfMessageType.ChannelData => r.U32(out var rc) && r.Data(out var data) ? new ApfChannelData(rc, data) : null,
            ApfMessageType.ChannelClose => r.U32(out var rc) ? new ApfChannelClose(rc) : null,
            ApfMessageType.ProtocolVersion => ReadProtocolVersion(ref r),
            ApfMessageType.KeepAliveRequest => r.U32(out var c) ? new ApfKeepAliveRequest(c) : null,
            ApfMessageType.KeepAliveReply => r.U32(out var c) ? new ApfKeepAliveReply(c) : null,
            ApfMessageType.KeepAliveOptionsRequest => r.U32(out var i) && r.U32(out var t) ? new ApfKeepAliveOptionsRequest(i, t) : null,
            ApfMessageType.KeepAliveOptionsReply => r.U32(out var i) && r.U32(out var t) ? new ApfKeepAliveOptionsReply(i, t) : null,
            _ => throw r.Fail(ApfFormatError.UnknownMessageType, 0, $"message number {typeByte} is not an APF message", knownType: false),
        };

        if (read is null)
        {
            return false;
        }

        message = read;
        reader = r.Reader;
        return true;
    }

    private static ApfUserAuthRequest? ReadUserAuth(ref Cursor r)
    {
        if (!r.Name(out var user) || !r.Name(out var service) || !r.Name(out var method))
        {
            return null;
        }

        if (method != ApfNames.PasswordMethod)
        {
            return new ApfUserAuthRequest(user, service, method, null);
        }

        return r.Skip(1) && r.Name(out var password) ? new ApfUserAuthRequest(user, service, method, password) : null;
    }

    private static ApfGlobalRequest? ReadGlobalRequest(ref Cursor r)
    {
        var at = r.Offset;
        if (!r.Name(out var request))
        {
            return null;
        }

        if (request is not (ApfNames.TcpipForward or ApfNames.CancelTcpipForward))
        {
            throw r.Fail(ApfFormatError.UnsupportedGlobalRequest, at, $"request '{Printable(request)}' is not {ApfNames.TcpipForward} or {ApfNames.CancelTcpipForward}");
        }

        return r.Reader.TryRead(out var wantReply) && r.Name(out var address) && r.U32(out var port)
            ? new ApfGlobalRequest(request, wantReply != 0, address, port)
            : null;
    }

    private static ApfChannelOpen? ReadChannelOpen(ref Cursor r)
        => r.Name(out var type) && r.U32(out var sender) && r.U32(out var window) && r.Skip(4)
            && r.Name(out var target) && r.U32(out var targetPort) && r.Name(out var source) && r.U32(out var sourcePort)
            ? new ApfChannelOpen(type, sender, window, target, targetPort, source, sourcePort)
            : null;

    private static ApfProtocolVersion? ReadProtocolVersion(ref Cursor r)
    {
        if (r.Reader.Remaining < ApfProtocolVersion.Length - 1)
        {
            return null;
        }

        r.U32(out var major);
        r.U32(out var minor);
        r.U32(out var trigger);
        Span<byte> uuid = stackalloc byte[16];
        r.Reader.TryCopyTo(uuid);
        r.Reader.Advance(16 + 64);
        return new ApfProtocolVersion(major, minor, trigger, new Guid(uuid));
    }

    private static string Printable(string s) => s.Length > 64 ? s[..64] + "..." : s;

    /// <summary>A copy of the caller's reader plus what error messages need (where the message starts, its type, the limits).</summary>
    private ref struct Cursor(SequenceReader<byte> start, ApfLimits limits)
    {
        public SequenceReader<byte> Reader = start;
        public ApfMessageType? Type;
        private readonly long _startConsumed = start.Consumed;
        private readonly SequencePosition _startPosition = start.Position;

        public readonly long Offset => Reader.Consumed - _startConsumed;

        public bool U32(out uint value)
        {
            if (Reader.TryReadBigEndian(out int raw))
            {
                value = (uint)raw;
                return true;
            }

            value = 0;
            return false;
        }

        public bool Skip(int count)
        {
            if (Reader.Remaining < count)
            {
                return false;
            }

            Reader.Advance(count);
            return true;
        }

        public bool Name(out string value)
        {
            value = "";
            var at = Offset;
            if (!U32(out var length))
            {
                return false;
            }

            if (length > limits.MaxNameLength)
            {
                throw Fail(ApfFormatError.NameTooLong, at, $"string length {length} is over the limit of {limits.MaxNameLength}");
            }

            if (Reader.Remaining < length)
            {
                return false;
            }

            var bytes = Reader.UnreadSequence.Slice(0, length);
            value = Encoding.Latin1.GetString(bytes);
            Reader.Advance(length);
            return true;
        }

        public bool Data(out ReadOnlyMemory<byte> value)
        {
            value = default;
            var at = Offset;
            if (!U32(out var length))
            {
                return false;
            }

            if (length > limits.MaxChannelData)
            {
                throw Fail(ApfFormatError.DataTooLong, at, $"channel data length {length} is over the limit of {limits.MaxChannelData}");
            }

            if (Reader.Remaining < length)
            {
                return false;
            }

            value = Reader.UnreadSequence.Slice(0, length).ToArray();
            Reader.Advance(length);
            return true;
        }

        public readonly ApfFormatException Fail(ApfFormatError reason, long offset, string detail, bool knownType = true)
        {
            var message = Reader.Sequence.Slice(_startPosition);
            return new ApfFormatException(reason, knownType ? Type : null, offset, detail, ByteDump.Format(message));
        }
    }
}
