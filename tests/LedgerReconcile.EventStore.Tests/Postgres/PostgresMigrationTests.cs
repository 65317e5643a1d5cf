using LedgerReconcile.EventStore.Postgres;
using Npgsql;

namespace LedgerReconcile.EventStore.Tests.Postgres;

public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task StoresOpeningTogetherApplyEachMigrationOnce()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString)))));
        await using var reopened = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT version, count(*) FROM ledger.schema_migrations GROUP BY version ORDER BY version",
                await reopened.DataSource.OpenConnectionAsync());
            var versions = new List<(int Version, long Count)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    versions.Add((reader.GetInt32(0), reader.GetInt64(1)));
                }
            }

            await command.Connection!.DisposeAsync();
            Assert.NotEmpty(versions);
            Assert.All(versions, v => Assert.Equal(1, v.Count));
            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));

            // Every racing instance works against the one schema.
            var appended = await stores[3].AppendToStreamAsync("migrated-1", ExpectedRevision.NoStream, [PostgresTestStores.Event()]);
            Assert.Equal(1, await stores[5].ReadHeadPositionAsync());
            Assert.Equal(0, appended.NextExpectedRevision);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SchemasKeepStoresInOneDatabaseApart()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        await using var billing = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString) { Schema = "billing" });
        await using var audit = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString) { Schema = "audit" });

        await billing.AppendToStreamAsync("customer-1", ExpectedRevision.NoStream, [PostgresTestStores.Event(), PostgresTestStores.Event()]);

        Assert.Equal(2, await billing.ReadHeadPositionAsync());
        Assert.Equal(0, await audit.ReadHeadPositionAsync());
        Assert.Null(await audit.ReadStreamRevisionAsync("customer-1"));
    }

    [Theory]
    [InlineData("UPDATE ledger.events SET type = 'edited.v1'")]
    [InlineData("DELETE FROM ledger.events")]
    [InlineData("TRUNCATE ledger.events")]
    public async Task TheEventTableRefusesEditsFromAnyoneSharingTheDatabase(string edit)
    {
        await using var store = await PostgresTestStores.OpenFreshAsync();
        await store.AppendToStreamAsync("customer-1", ExpectedRevision.NoStream, [PostgresTestStores.Event()]);

        await using var command = store.DataSource.CreateCommand(edit);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
        Assert.Equal("test.happened.v1", (await store.ReadAllAsync(0).SingleAsync()).Type);
    }

    [Fact]
    public async Task SchemaNamesThatCouldInjectSqlAreRefused()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString) { Schema = "x\"; DROP SCHEMA public; --" }));
    }
}
