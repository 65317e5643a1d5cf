using System.CommandLine;
using LedgerReconcile.Exports.Evidence;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger verify-pack FILE</c>: checks an evidence pack without any store: each event hashes to its recorded hash,
/// chains to the one before it, and every file matches the manifest. Exit 1 naming the first thing that does not.
/// </summary>
public static class VerifyPackVerb
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The evidence pack (.zip) to check." };
        var command = new Command("verify-pack", "Check an evidence pack offline; exit 1 and name the first event or file that does not hold.") { file };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(file)));
        return command;
    }

    private static int Run(string file)
    {
        if (!File.Exists(file))
        {
            throw new LedgerFailure($"no file '{file}'.");
        }

        EvidenceVerification result;
        using (var stream = File.OpenRead(file))
        {
            result = EvidencePackVerifier.Verify(stream);
        }

        if (result.Failure is { } failure)
        {
            throw new LedgerFailure($"{file}: {failure}");
        }

        Console.WriteLine($"OK: {result.Events} events, digest {result.EventsDigest}");
        return 0;
    }
}
