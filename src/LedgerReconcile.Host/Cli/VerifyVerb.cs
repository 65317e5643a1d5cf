using System.CommandLine;
using System.Globalization;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger verify [--stream NAME]</c>: walks the hash chain; exit 1 and the broken link when it does not hold.</summary>
public static class VerifyVerb
{
    public static Command Create()
    {
        var stream = new Option<string>("--stream") { Description = "Verify only this stream (default: the whole store).", HelpName = "NAME" };
        var command = new Command("verify", "Walk the hash chain; exit 1 and name the first broken link when it does not hold.") { stream };
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(stream), store.Configuration(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? stream, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store, mustExist: true);
        var head = await ledger.Store.ReadHeadPositionAsync(ct);
        var result = await Terminal.ProgressAsync("verify", progress =>
            ledger.Store.VerifyAsync(stream, new InlineProgress<long>(position => progress.Report(position, head, "events")), ct));
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
