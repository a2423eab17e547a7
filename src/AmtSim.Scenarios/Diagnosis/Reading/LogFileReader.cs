using System.Text;
using AmtSim.Runtime.Errors;

namespace AmtSim.Scenarios.Diagnosis.Reading;

/// <summary>
/// A log read whole or streamed: where from, how it was decoded, and what it holds. A streamed log
/// (<see cref="LogFileReader.Open"/>) keeps no records, only their count, formats and lines; the
/// diagnoser keeps what it found.
/// </summary>
public sealed record LogDocument(string Name, string Encoding, IReadOnlyList<LogRecord> Records)
{
    private IReadOnlyDictionary<LogRecordFormat, int>? _formats;

    /// <summary>Records in the log (also when streamed).</summary>
    public int RecordCount { get; init; } = Records.Count;

    /// <summary>Physical lines the records span.</summary>
    public int LineCount { get; init; } = Records.Count == 0 ? 0 : Records.Max(r => r.Segments[^1].Line);

    /// <summary>Records per format.</summary>
    public IReadOnlyDictionary<LogRecordFormat, int> Formats
    {
        get => _formats ??= Records.GroupBy(r => r.Format).ToDictionary(g => g.Key, g => g.Count());
        init => _formats = value;
    }

    /// <summary>The format most records are in (plain text when there are none).</summary>
    public LogRecordFormat DominantFormat => Formats.Count == 0
        ? LogRecordFormat.PlainText
        : Formats.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key).First().Key;
}

/// <summary>
/// Reads a log (any supported format and encoding) into records, streaming: memory stays bounded
/// whatever the size of the input (blocks of <see cref="BlockChars"/> characters, physical lines cut
/// at <see cref="MaxLineChars"/>). Inputs whose length is unknown (pipes, devices, standard input)
/// are read up to <see cref="MaxUnknownLengthBytes"/>; past it the read stops with a clear error.
/// </summary>
public static class LogFileReader
{
    /// <summary>Larger files are refused: amtopmgr.log rolls over long before this.</summary>
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>How much of an input of unknown length (a pipe, a device, standard input) is read before it is refused.</summary>
    public const long MaxUnknownLengthBytes = 64L * 1024 * 1024;

    /// <summary>Characters parsed at once; a block ends at a line break outside a CMTrace entry.</summary>
    public const int BlockChars = 1 << 20;

    /// <summary>A physical line longer than this is cut into pieces (a log without line breaks still streams).</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>The name that reads standard input.</summary>
    public const string StandardInput = "-";

    private const int SniffBytes = 64 * 1024;

    /// <summary>Reads the whole log into memory (tests, small logs).</summary>
    /// <exception cref="InvalidInputException">The file cannot be read or is not text; the message names the file.</exception>
    public static LogDocument Read(string path)
    {
        using var source = Open(path);
        var records = source.Records().ToList();
        return new LogDocument(source.Name, source.Encoding, records);
    }

    /// <summary>Opens a log to stream its records once (<see cref="LogSource.Records"/>).</summary>
    /// <exception cref="InvalidInputException">The file cannot be opened or does not start like text; the message names the file.</exception>
    public static LogSource Open(string path)
    {
        if (path == StandardInput)
        {
            return LogSource.Start(Console.OpenStandardInput(), "standard input", lengthKnown: false);
        }

        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"{path}: is a folder, not a log file");
        }

        Stream stream;
        bool lengthKnown;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidInputException($"{path}: cannot read the log: no such file");
            }

            // Devices and pipes report length 0 (or nothing useful): they are read up to the cap instead.
            lengthKnown = IsRegularFile(info);
            if (lengthKnown && info.Length > MaxBytes)
            {
                throw new InvalidInputException($"{path}: the file is {info.Length} bytes, larger than the {MaxBytes} bytes a log can be");
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidInputException($"{path}: cannot read the log: {ex.Message}", ex);
        }

        return LogSource.Start(stream, path, lengthKnown);
    }

    /// <summary>Streams a log from any stream (a pipe, a socket, a test's endless stream); <paramref name="lengthKnown"/> false applies <paramref name="maxUnknownLengthBytes"/>.</summary>
    /// <exception cref="InvalidInputException">The stream does not start like text.</exception>
    public static LogSource Open(Stream stream, string name, bool lengthKnown, long maxUnknownLengthBytes = MaxUnknownLengthBytes)
        => LogSource.Start(stream, name, lengthKnown, maxUnknownLengthBytes);

    public static LogDocument FromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        using var source = LogSource.Start(new MemoryStream(bytes.ToArray(), writable: false), name, lengthKnown: true);
        return new LogDocument(source.Name, source.Encoding, source.Records().ToList());
    }

    public static LogDocument FromText(string text, string name) => new(name, "text", LogParser.Parse(text));

    /// <summary>Whether the length the file system reports is the input's length: devices, FIFOs and /proc or /sys files report 0 or nothing useful.</summary>
    private static bool IsRegularFile(FileInfo info)
        => info.Length > 0 && (info.Attributes & FileAttributes.Device) == 0
            && !info.FullName.StartsWith("/proc/", StringComparison.Ordinal) && !info.FullName.StartsWith("/sys/", StringComparison.Ordinal)
            && !info.FullName.StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>A log being streamed: decoded block by block, parsed into records with the file's line numbers.</summary>
    public sealed class LogSource : IDisposable
    {
        private readonly Stream _stream;
        private readonly bool _lengthKnown;
        private readonly Decoder _decoder;
        private readonly byte[] _sniff;
        private bool _started;

        private LogSource(Stream stream, string name, bool lengthKnown, byte[] sniff, Decoder decoder, string encoding)
        {
            _stream = stream;
            Name = name;
            _lengthKnown = lengthKnown;
            _sniff = sniff;
            _decoder = decoder;
            Encoding = encoding;
        }

        public string Name { get; }

        /// <summary>How the bytes are decoded (BOM, UTF-16 by its zero bytes, UTF-8, Latin-1).</summary>
        public string Encoding { get; }

        /// <summary>Bytes read so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>How much an input of unknown length may hold.</summary>
        public long Cap { get; private init; } = MaxUnknownLengthBytes;

        internal static LogSource Start(Stream stream, string name, bool lengthKnown, long cap = MaxUnknownLengthBytes)
        {
            try
            {
                var sniff = new byte[SniffBytes];
                var n = 0;
                int got;
                while (n < sniff.Length && (got = stream.Read(sniff, n, sniff.Length - n)) > 0)
                {
                    n += got;
                }

                Array.Resize(ref sniff, n);
                var (decoder, encoding, skip) = LogDecoder.Choose(sniff);
                // Refuses binary input (an image, /dev/zero) before anything is parsed.
                LogDecoder.Decode(sniff.AsSpan(skip, Math.Min(n - skip, 4096)), name);
                var source = new LogSource(stream, name, lengthKnown, sniff[skip..], decoder, encoding) { BytesRead = n, Cap = cap };
                return source;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                stream.Dispose();
                throw new InvalidInputException($"{name}: cannot read the log: {ex.Message}", ex);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>The records, in order, with physical line numbers of the input. Enumerate once.</summary>
        /// <exception cref="InvalidInputException">The input cannot be read, or has no known length and passes <see cref="MaxUnknownLengthBytes"/>.</exception>
        public IEnumerable<LogRecord> Records()
        {
            if (_started)
            {
                throw new InvalidOperationException("a streamed log is read once");
            }

            _started = true;
            var text = new StringBuilder(BlockChars + 4096);
            var lineOffset = 0;
            var chars = new char[(1 << 16) + 4];
            var buffer = new byte[1 << 16];
            Append(_sniff, _sniff.Length, flush: false);
            while (true)
            {
                while (text.Length >= BlockChars)
                {
                    foreach (var r in Cut(final: false))
                    {
                        yield return r;
                    }
                }

                int n;
                try
                {
                    n = _stream.Read(buffer, 0, buffer.Length);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new InvalidInputException($"{Name}: cannot read the log: {ex.Message}", ex);
                }

                if (n == 0)
                {
                    Append(buffer, 0, flush: true);
                    break;
                }

                BytesRead += n;
                if (!_lengthKnown && BytesRead > Cap)
                {
                    throw new InvalidInputException($"{Name}: more than {Cap} bytes from an input of unknown length (a pipe or a device); a log is at most that: save it to a file, or pass the part that shows the failure");
                }

                Append(buffer, n, flush: false);
            }

            foreach (var r in Cut(final: true))
            {
                yield return r;
            }

            void Append(byte[] bytes, int count, bool flush)
            {
                var needed = _decoder.GetCharCount(bytes, 0, count, flush);
                if (needed > chars.Length)
                {
                    chars = new char[needed];
                }

                var written = _decoder.GetChars(bytes, 0, count, chars, 0, flush);
                text.Append(chars, 0, written);
            }

            IEnumerable<LogRecord> Cut(bool final)
            {
                var end = final ? text.Length : SafeEnd(text);
                var block = text.ToString(0, end);
                text.Remove(0, end);
                if (LogDecoder.FindBinaryContent(block) is { } problem)
                {
                    throw new InvalidInputException($"{Name}: not a text log ({problem} of the block at line {lineOffset + 1}); expected amtopmgr.log or a provisioning tool's text output");
                }

                var records = LogParser.Parse(CutLongLines(block));
                var offset = lineOffset;
                lineOffset += CountLineBreaks(block);
                return offset == 0 ? records : records.Select(r => Shift(r, offset));
            }
        }

        public void Dispose() => _stream.Dispose();

        /// <summary>Where a block may end: after the last line break that is outside a CMTrace entry, else after the last line break, else the block size.</summary>
        private static int SafeEnd(StringBuilder text)
        {
            var limit = Math.Min(text.Length, BlockChars);
            var s = text.ToString(0, limit);
            var lastBreak = s.LastIndexOf('\n');
            if (lastBreak < 0)
            {
                var cr = s.LastIndexOf('\r');
                lastBreak = cr >= 0 && cr < s.Length - 1 ? cr : -1;
            }

            if (lastBreak < 0)
            {
                return limit;
            }

            var open = s.LastIndexOf("<![LOG[", lastBreak, StringComparison.Ordinal);
            var close = s.LastIndexOf("]LOG]!>", lastBreak, StringComparison.Ordinal);
            if (open > close && open > 0)
            {
                // An entry spans the break: end the block before it, where the previous line ends.
                var before = s.LastIndexOf('\n', open);
                if (before > 0)
                {
                    return before + 1;
                }
            }

            return lastBreak + 1;
        }

        private static string CutLongLines(string block)
        {
            var run = 0;
            foreach (var c in block)
            {
                run = c is '\n' or '\r' ? 0 : run + 1;
                if (run > MaxLineChars)
                {
                    return CutLongLinesSlow(block);
                }
            }

            return block;
        }

        private static string CutLongLinesSlow(string block)
        {
            // Pieces of an over-long line become lines of their own; line numbers after it shift (documented).
            var sb = new StringBuilder(block.Length + (block.Length / MaxLineChars) + 1);
            var run = 0;
            foreach (var c in block)
            {
                if (c is '\n' or '\r')
                {
                    run = 0;
                }
                else if (++run > MaxLineChars)
                {
                    sb.Append('\n');
                    run = 1;
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        private static int CountLineBreaks(string block)
        {
            var count = 0;
            for (var i = 0; i < block.Length; i++)
            {
                if (block[i] == '\r')
                {
                    if (i + 1 < block.Length && block[i + 1] == '\n')
                    {
                        i++;
                    }

                    count++;
                }
                else if (block[i] == '\n')
                {
                    count++;
                }
            }

            return count;
        }

        private static LogRecord Shift(LogRecord r, int offset) => r with
        {
            Line = r.Line + offset,
            Segments = [.. r.Segments.Select(s => (s.Offset, s.Line + offset))],
        };
    }
}
