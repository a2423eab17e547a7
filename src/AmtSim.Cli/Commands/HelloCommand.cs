using System.Buffers;
using System.CommandLine;
using AmtSim.Runtime.Errors;
using AmtSim.Protocol.Hello;

namespace AmtSim.Cli.Commands;

/// <summary><c>amtsim hello decode HEX|FILE</c>: prints a PKI hello field by field.</summary>
internal static class HelloCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The hello as hex (spaces and colons allowed), or a file holding it (raw bytes or hex text)" };
        var decode = new Command("decode", "Decode a PKI hello (amt-reference.md §1.2) and print its fields.");
        decode.Arguments.Add(input);
        decode.SetAction(parseResult => CliAction.Run(() =>
        {
            var bytes = Load(parseResult.GetValue(input) ?? "");
            var hello = PkiHelloReader.ReadComplete(new ReadOnlySequence<byte>(bytes));
            Console.Out.WriteLine($"PKI hello, {bytes.Length} bytes");
            Console.Out.WriteLine($"  admin credentials set: {(hello.AdminCredentialsSet ? 1 : 0)}");
            Console.Out.WriteLine($"  interface version:     {hello.Version}");
            Console.Out.WriteLine($"  retry count:           {hello.RetryCount}");
            Console.Out.WriteLine($"  uuid:                  {hello.Uuid}");
            Console.Out.WriteLine($"  hashes:                {hello.Hashes.Count}");
            for (var i = 0; i < hello.Hashes.Count; i++)
            {
                Console.Out.WriteLine($"  {i + 1,3}. {hello.Hashes[i].Type,-6} {hello.Hashes[i].Hex}");
            }

            return ExitCodes.Success;
        }));
        var command = new Command("hello", "PKI hello messages.");
        command.Subcommands.Add(decode);
        return command;
    }

    private static byte[] Load(string input)
    {
        if (File.Exists(input))
        {
            var raw = File.ReadAllBytes(input);
            var text = System.Text.Encoding.ASCII.GetString(raw);
            return LooksLikeHex(text) ? ParseHex(text, input) : raw;
        }

        return ParseHex(input, "argument");
    }

    private static bool LooksLikeHex(string text) => text.Length > 0 && text.All(c => Uri.IsHexDigit(c) || char.IsWhiteSpace(c) || c == ':');

    private static byte[] ParseHex(string text, string source)
    {
        var digits = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c != ':')]);
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length % 2 != 0 || !digits.All(Uri.IsHexDigit))
        {
            throw new InvalidInputException($"{source}: not a file and not hex ({digits.Length} characters; expected pairs of hex digits)");
        }

        return Convert.FromHexString(digits);
    }
}
