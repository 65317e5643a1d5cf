namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>
/// The API on a copy of <c>tests/Fixtures/ledger-v1</c>: a SQLite ledger and its Data Protection keys written by older
/// code (see its README). Each host copies the fixture, so tests may write to it.
/// </summary>
public sealed class LedgerV1Host : LedgerHost
{
    public const string Tenant = "demo-msp";
    public const string AdminKey = "lr_33fc70ff1d7f3513_lcwG5LwV1aSOdzvhBKlaTcDsL6qBCfptFnfC888QNmw";
    public const string FinanceKey = "lr_bc90a87fd81e5654_3gLDYRpwCrJTfPAgCYVQHjXmGV_y-AG8U_LBDwaCLHE";
    public const string AuditorKey = "lr_109829d3b4607794_f1gzjgOLQT4vvoTIg-s584madLXj-m0Cvj2ZkGTLkdQ";
    public const string RevokedAuditorKey = "lr_a2819349a0f0d3db_wwjMlDBIKBX31cOa5OkGhqsm80pq99TcNcbT84YmSBQ";
    public const string HaloFingerprint = "hmac-sha256:df817d27fb3e3118";

    public override string StoreName => "SQLite (ledger-v1 fixture)";

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        var fixture = FixtureFolder();
        var database = Path.Combine(Folder, "ledger.db");
        File.Copy(Path.Combine(fixture, "ledger.db"), database);
        Directory.CreateDirectory(DataProtectionFolder);
        foreach (var key in Directory.GetFiles(Path.Combine(fixture, "keys")))
        {
            File.Copy(key, Path.Combine(DataProtectionFolder, Path.GetFileName(key)));
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Ledger:Sqlite"] = database });
    }

    private static string FixtureFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "Fixtures", "ledger-v1");
            if (File.Exists(Path.Combine(candidate, "ledger.db")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No tests/Fixtures/ledger-v1 above {AppContext.BaseDirectory}.");
    }
}
