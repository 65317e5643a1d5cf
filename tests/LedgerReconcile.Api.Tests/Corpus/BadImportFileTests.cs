using System.Text.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.Api.Tests.Corpus;

public sealed class BadImportFileTests
{
    // One store for the whole corpus: every case must leave it exactly as the good import left it.
    private static readonly Lazy<Task<string>> Store = new(async () =>
    {
        var folder = LedgerProcess.NewFolder();
        var good = Path.Combine(folder, "good.json");
        await File.WriteAllTextAsync(good, JsonSerializer.Serialize(SnapshotDocument.Example, LedgerHost.Json));
        Assert.Equal(0, (await LedgerProcess.RunAsync($"import {good} --tenant acme", folder)).ExitCode);
        return folder;
    });

    public static TheoryData<string> Cases => BadImportFiles.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ABadImportFileEndsInOneLedgerLineAndRecordsNothing(string name)
    {
        var folder = await Store.Value;
        var file = Path.Combine(folder, "bad-" + Guid.NewGuid().ToString("N") + ".json");
        if (name == "a directory") Directory.CreateDirectory(file);
        else if (BadImportFiles.All[name] is { } content) await File.WriteAllBytesAsync(file, content);
        var head = await HeadAsync(folder);

        var result = await LedgerProcess.RunAsync($"import {file} --tenant acme", folder);

        Assert.True(result.ExitCode is 1 or 2, $"exit {result.ExitCode}: {result.Output} {result.Errors}");
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ledger: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
        Assert.Equal(head, await HeadAsync(folder));
    }

    private static async Task<long> HeadAsync(string folder)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "ledger.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(position), 0) FROM events;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
