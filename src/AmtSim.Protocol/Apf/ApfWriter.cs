using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AmtSim.Protocol.Apf;

/// <summary>Writes APF messages in the layouts <see cref="ApfReader"/> reads (one codec for the device and every MPS).</summary>
public static class ApfWriter
{
    /// <summary>The reserved uint32 CHANNEL_OPEN and CHANNEL_OPEN_CONFIRMATION carry (both MPSes write -1).</summary>
    public const uint Reserved = 0xFFFFFFFF;

    public static void Write(IBufferWriter<byte> output, ApfMessage message)
    {
        var w = new Writer(output);
        w.Byte((byte)message.Type);
        switch (message)
        {
            case ApfDisconnect m:
                w.U32((uint)m.Reason);
                w.U16(0);
                break;
            case ApfServiceRequest m:
                w.Name(m.Service);
                break;
            case ApfServiceAccept m:
                w.Name(m.Service);
                break;
            case ApfUserAuthRequest m:
                w.Name(m.User);
                w.Name(m.Service);
                w.Name(m.Method);
                if (m.Method == ApfNames.PasswordMethod)
                {
                    w.Byte(0);
                    w.Name(m.Password ?? "");
                }

                break;
            case ApfUserAuthFailure m:
                w.Name(m.Methods);
                w.U16(0);
                break;
            case ApfUserAuthSuccess or ApfRequestFailure:
                break;
            case ApfGlobalRequest m:
                w.Name(m.Request);
                w.Byte(m.WantReply ? (byte)1 : (byte)0);
                w.Name(m.Address);
                w.U32(m.Port);
                break;
            case ApfRequestSuccess m:
                if (m.Port is { } port)
                {
                    w.U32(port);
                }

                break;
            case ApfChannelOpen m:
                w.Name(m.ChannelType);
                w.U32(m.SenderChannel);
                w.U32(m.WindowSize);
                w.U32(Reserved);
                w.Name(m.Target);
                w.U32(m.TargetPort);
                w.Name(m.Source);
                w.U32(m.SourcePort);
                break;
            case ApfChannelOpenConfirmation m:
                w.U32(m.RecipientChannel);
                w.U32(m.SenderChannel);
                w.U32(m.WindowSize);
                w.U32(Reserved);
                break;
            case ApfChannelOpenFailure m:
                w.U32(m.RecipientChannel);
                w.U32((uint)m.Reason);
                w.U32(0);
                w.U32(0);
                break;
            case ApfChannelWindowAdjust m:
                w.U32(m.RecipientChannel);
                w.U32(m.BytesToAdd);
                break;
            case ApfChannelData m:
                w.U32(m.RecipientChannel);
                w.U32((uint)m.Data.Length);
                w.Bytes(m.Data.Span);
                break;
            case ApfChannelClose m:
                w.U32(m.RecipientChannel);
                break;
            case ApfProtocolVersion m:
                w.U32(m.Major);
                w.U32(m.Minor);
                w.U32(m.TriggerReason);
                Span<byte> uuid = stackalloc byte[16];
                m.Uuid.TryWriteBytes(uuid);
                w.Bytes(uuid);
                w.Bytes(new byte[64]);
                break;
            case ApfKeepAliveRequest m:
                w.U32(m.Cookie);
                break;
            case ApfKeepAliveReply m:
                w.U32(m.Cookie);
                break;
            case ApfKeepAliveOptionsRequest m:
                w.U32(m.IntervalSeconds);
                w.U32(m.TimeoutSeconds);
                break;
            case ApfKeepAliveOptionsReply m:
                w.U32(m.IntervalSeconds);
                w.U32(m.TimeoutSeconds);
                break;
            default:
                throw new ArgumentException($"no layout for {message.GetType().Name}", nameof(message));
        }
    }

    public static byte[] ToArray(ApfMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    private readonly ref struct Writer(IBufferWriter<byte> output)
    {
        public void Byte(byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }

        public void U16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
            output.Advance(2);
        }

        public void U32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
            output.Advance(4);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }

        public void Name(string value)
        {
            var count = Encoding.Latin1.GetByteCount(value);
            U32((uint)count);
            Encoding.Latin1.GetBytes(value, output.GetSpan(count));
            output.Advance(count);
        }
    }
}
