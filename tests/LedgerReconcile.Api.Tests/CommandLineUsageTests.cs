using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>How <c>ledger</c> answers a call it cannot or should not run: help, mistakes, a missing store, a busy port.</summary>
public sealed partial class CommandLineUsageTests
{
    [Fact]
    public async Task HelpPrintsTheVerbsAndStartsNothing()
    {
        var folder = LedgerProcess.NewFolder();

        var help = await LedgerProcess.RunAsync("--help", folder);
        var serveHelp = await LedgerProcess.RunAsync("serve --help", folder);

        Assert.Equal((0, 0), (help.ExitCode, serveHelp.ExitCode));
        Assert.Contains("Usage:", help.Output, StringComparison.Ordinal);
        foreach (var verb in new[] { "serve", "demo", "import", "rebuild", "verify", "export", "history", "keys" })
        {
            Assert.Contains(verb, help.Output, StringComparison.Ordinal);
        }

        Assert.Contains("--urls", serveHelp.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task VersionPrintsTheVersion()
    {
        var folder = LedgerProcess.NewFolder();

        var version = await LedgerProcess.RunAsync("--version", folder);

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("serv", "Did you mean")]
    [InlineData("serve --bogus", "--bogus")]
    [InlineData("verify --sqlite", "--sqlite")]
    [InlineData("verify --sqlite a.db --postgres Host=db", "not both")]
    [InlineData("history --tenant acme --customer org-1 --limit many", "many")]
    public async Task AWrongCallExitsWith2InOneLineAndCreatesNothing(string arguments, string says)
    {
        var folder = LedgerProcess.NewFolder();

        var result = await LedgerProcess.RunAsync(arguments, folder);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ledger: ", error, StringComparison.Ordinal);
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("export --tenant acme")]
    [InlineData("history --tenant acme --customer org-1")]
    public async Task AReadOnlyVerbRefusesAStoreThatDoesNotExist(string verb)
    {
        var folder = LedgerProcess.NewFolder();
        var missing = Path.Combine(folder, "nowhere", "ledger.db");

        var named = await LedgerProcess.RunAsync($"{verb} --sqlite {missing}", folder);
        var byDefault = await LedgerProcess.RunAsync(verb, folder);

        Assert.Equal((1, 1), (named.ExitCode, byDefault.ExitCode));
        var error = Assert.Single(named.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ledger: there is no ledger at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", named.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task APortInUseIsOneLineWithoutAStackTrace()
    {
        var folder = LedgerProcess.NewFolder();
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";

        var result = await LedgerProcess.RunAsync($"serve --urls {url}", folder);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"ledger: Failed to bind to address {url}: address already in use.", error);
        Assert.DoesNotMatch(StackFrame(), result.Output + result.Errors);
    }

    [Fact]
    public async Task APortInUseIsOneLineAlsoWhileAnotherServeHoldsTheWorkerLeases()
    {
        var folder = LedgerProcess.NewFolder();
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var leases = new[] { "billing", "datto-sync", "psa-write-back" }
            .Select(name => new FileStream(Path.Combine(folder, "data", $"ledger.db.{name}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            .ToList();
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";

        try
        {
            var result = await LedgerProcess.RunAsync($"serve --urls {url}", folder);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"ledger: Failed to bind to address {url}: address already in use.", Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.DoesNotMatch(StackFrame(), result.Output + result.Errors);
            Assert.DoesNotContain("crit:", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            leases.ForEach(lease => lease.Dispose());
        }
    }

    [Fact]
    public async Task DemoLoadsTheDemoMspAndExits()
    {
        var folder = LedgerProcess.NewFolder();

        var demo = await LedgerProcess.RunAsync("demo", folder);

        Assert.Equal(0, demo.ExitCode);
        Assert.Matches(@"admin\s+lr_\S+\s+finance\s+lr_\S+\s+auditor\s+lr_\S+", demo.Output);
        Assert.DoesNotContain("Swagger UI", demo.Output, StringComparison.Ordinal);
        var verify = await LedgerProcess.RunAsync("verify", folder);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("intact", verify.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bat [\w.]+\(|Exception:")]
    private static partial Regex StackFrame();
}
