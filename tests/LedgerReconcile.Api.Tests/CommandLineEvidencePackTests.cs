using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary><c>ledger evidence-pack</c> writes a pack from a real SQLite ledger; <c>ledger verify-pack</c> checks it with no store at all.</summary>
public sealed class CommandLineEvidencePackTests
{
    [Fact]
    public async Task APackVerifiesOfflineAndOneChangedByteFailsNamingTheEvent()
    {
        var folder = await LedgerProcess.FolderWithExampleAsync();
        var pack = Path.Combine(folder, "packs", "org-4100.zip");

        var written = await LedgerProcess.RunAsync($"evidence-pack --tenant acme --customer org-4100 --out {pack}", folder);
        Assert.Equal(0, written.ExitCode);
        // Offline: from another folder, with no store beside it.
        var offline = LedgerProcess.NewFolder();
        var verified = await LedgerProcess.RunAsync($"verify-pack {pack}", offline);
        Assert.Equal((0, ""), (verified.ExitCode, verified.Errors.Trim()));
        Assert.Matches("^OK: [1-9][0-9]* events, digest [0-9a-f]{64}$", verified.Output.Trim());
        Assert.False(File.Exists(Path.Combine(offline, "data", "ledger.db")));

        var (changed, expected) = PackTampering.ChangeEventData(await File.ReadAllBytesAsync(pack), 0);
        var tampered = Path.Combine(folder, "tampered.zip");
        await File.WriteAllBytesAsync(tampered, changed);
        var broken = await LedgerProcess.RunAsync($"verify-pack {tampered}", offline);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(expected, broken.Errors, StringComparison.Ordinal);
        Assert.Single(broken.Errors.Trim().Split('\n'));
    }

    [Fact]
    public async Task BadCallsAndFilesThatAreNotPacksAreOneLineErrors()
    {
        var folder = await LedgerProcess.FolderWithExampleAsync();
        var notAZip = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(notAZip, "not a pack");

        var badMonth = await LedgerProcess.RunAsync("evidence-pack --tenant acme --month 2026-13 --out x.zip", folder);
        var both = await LedgerProcess.RunAsync("evidence-pack --tenant acme --month 2026-10 --customer org-4100 --out x.zip", folder);
        var unknown = await LedgerProcess.RunAsync("evidence-pack --tenant acme --customer org-999 --out x.zip", folder);
        var openMonth = await LedgerProcess.RunAsync("evidence-pack --tenant acme --month 2026-10 --out x.zip", folder);
        var garbled = await LedgerProcess.RunAsync($"verify-pack {notAZip}", folder);
        var missing = await LedgerProcess.RunAsync("verify-pack nowhere.zip", folder);

        Assert.Equal((2, 2, 1, 1, 1, 1), (badMonth.ExitCode, both.ExitCode, unknown.ExitCode, openMonth.ExitCode, garbled.ExitCode, missing.ExitCode));
        Assert.Contains("yyyy-MM", badMonth.Errors, StringComparison.Ordinal);
        Assert.Contains("no customer 'org-999'", unknown.Errors, StringComparison.Ordinal);
        Assert.Contains("has not closed 2026-10", openMonth.Errors, StringComparison.Ordinal);
        Assert.Contains("not a ZIP file", garbled.Errors, StringComparison.Ordinal);
        Assert.Contains("no file", missing.Errors, StringComparison.Ordinal);
        Assert.All(new[] { badMonth, both, unknown, openMonth, garbled, missing }, r => Assert.Single(r.Errors.Trim().Split('\n')));
        Assert.False(File.Exists(Path.Combine(folder, "x.zip")));
    }
}
