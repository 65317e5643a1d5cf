using LedgerReconcile.Testing;
using Npgsql;

namespace LedgerReconcile.EventStore.Tests.Postgres;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task EachDatabaseIsFreshAndSeparate()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var first = await cluster.CreateDatabaseAsync("iso");
        var second = await cluster.CreateDatabaseAsync("iso");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE marker (id int)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection);
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task SharedClusterIsStartedOnce()
    {
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(PostgresCluster.SharedAsync)));
        Assert.All(all, cluster => Assert.Same(all[0], cluster));
    }

    [Fact]
    public async Task PrivateClusterIsDurableLoopbackOnlyAndNeverRunsAsRoot()
    {
        var cluster = await PostgresCluster.SharedAsync();
        if (Environment.GetEnvironmentVariable(PostgresCluster.ServerVariable) is { Length: > 0 })
        {
            Assert.Null(cluster.Local);
            return;
        }

        var local = Assert.IsType<PostgresCluster.LocalCluster>(cluster.Local);
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync();
        Assert.Equal("127.0.0.1", await SettingAsync(connection, "listen_addresses"));
        Assert.Equal("on", await SettingAsync(connection, "fsync"));
        Assert.Equal("on", await SettingAsync(connection, "synchronous_commit"));
        Assert.Equal(Path.Combine(local.Folder, "data"), await SettingAsync(connection, "data_directory"));

        // The server's own files belong to whoever runs it: the unprivileged user when the tests run as root.
        var pidFile = Path.Combine(local.Folder, "data", "postmaster.pid");
        var serverPid = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        var serverUid = File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal("ledgertest", local.RunAs);
            Assert.NotEqual("0", serverUid);
        }
        else
        {
            Assert.Null(local.RunAs);
        }
    }

    private static async Task<string> SettingAsync(NpgsqlConnection connection, string name)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting($1)", connection) { Parameters = { new() { Value = name } } };
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
