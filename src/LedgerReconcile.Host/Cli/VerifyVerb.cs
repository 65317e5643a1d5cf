using System.Globalization;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger verify [--stream NAME]</c>: walks the hash chain; exit 1 and the broken link when it does not hold.</summary>
public static class VerifyVerb
{
    public static async Task<int> RunAsync(CommandLineArguments arguments, CancellationToken ct)
    {
        var stream = arguments.Option("stream");
        await using var ledger = LedgerServices.Open(arguments);
        var head = await ledger.Store.ReadHeadPositionAsync(ct);
        var bar = new ProgressBar("verify");
        var result = await ledger.Store.VerifyAsync(stream, new InlineProgress<long>(position => bar.Report(position, head, "events")), ct);
        bar.Done();
        if (result.FirstBrokenLink is { } link)
        {
            throw new LedgerFailure(string.Create(CultureInfo.InvariantCulture,
                $"hash chain broken at stream '{link.Stream}' revision {link.Revision} (position {link.Position}, event {link.EventId}): {link.Reason}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Hash chain intact: {result.EventsChecked:N0} events in {result.StreamsChecked:N0} stream(s), last position {result.LastPosition}, digest {result.Digest}."));
        return 0;
    }
}
