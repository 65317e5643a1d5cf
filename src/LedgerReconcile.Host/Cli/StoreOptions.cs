using System.CommandLine;
using LedgerReconcile.Host.Hosting;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>--sqlite PATH</c> or <c>--postgres CONNECTION</c>, which every verb takes (not both).</summary>
public sealed class StoreOptions
{
    private StoreOptions(Command command)
    {
        command.Options.Add(Sqlite);
        command.Options.Add(Postgres);
        Sqlite.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--sqlite needs a file path.");
            }
        });
        Postgres.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--postgres needs a connection string.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(Sqlite) is not null && result.GetResult(Postgres) is not null)
            {
                result.AddError("Give --sqlite or --postgres, not both.");
            }
        });
    }

    public Option<string> Sqlite { get; } = new("--sqlite")
    {
        Description = $"The SQLite ledger file (default {StoreSettings.DefaultSqlitePath}; a relative path is relative to the current directory).",
        HelpName = "PATH",
    };

    public Option<string> Postgres { get; } = new("--postgres")
    {
        Description = "An Npgsql connection string to a PostgreSQL ledger.",
        HelpName = "CONNECTION",
    };

    public static StoreOptions AddTo(Command command) => new(command);

    /// <summary>The options as configuration; with neither, whatever the environment says, else the default file.</summary>
    public Dictionary<string, string?> Configuration(ParseResult parsed)
    {
        var configuration = new Dictionary<string, string?>();
        if (parsed.GetValue(Sqlite) is { } sqlite)
        {
            configuration["Ledger:Sqlite"] = Path.GetFullPath(sqlite, Environment.CurrentDirectory);
        }

        if (parsed.GetValue(Postgres) is { } postgres)
        {
            configuration["Ledger:Postgres"] = postgres;
        }

        return configuration;
    }
}
