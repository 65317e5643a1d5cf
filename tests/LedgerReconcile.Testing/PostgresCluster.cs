using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace LedgerReconcile.Testing;

/// <summary>
/// A real PostgreSQL server for tests: the one named by <c>LEDGER_TEST_POSTGRES</c>, or else a private throwaway
/// cluster started from the installed binaries, shared by every test of the process. Each test asks for its own empty
/// database, so tests stay isolated while paying for one server start.
/// </summary>
public sealed class PostgresCluster
{
    /// <summary>The environment variable that names an existing server (a connection string with rights to create databases).</summary>
    public const string ServerVariable = "LEDGER_TEST_POSTGRES";

    private const string UnprivilegedUser = "ledgertest";
    private const string FolderPrefix = "ledger-pg-";
    private const string OwnerFile = "owner";

    private static readonly Lazy<Task<PostgresCluster>> Shared =
        new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _adminConnectionString;

    private PostgresCluster(string adminConnectionString, LocalCluster? local)
    {
        _adminConnectionString = adminConnectionString;
        Local = local;
    }

    /// <summary>The private cluster, or null when tests run against <c>LEDGER_TEST_POSTGRES</c>.</summary>
    public LocalCluster? Local { get; }

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString => _adminConnectionString;

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    /// <summary>Creates a fresh, empty database with a unique name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{Sanitise(prefix ?? "test")}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name };
        return builder.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any session still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static string Sanitise(string prefix)
    {
        var kept = new string(prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').ToArray());
        return kept.Length == 0 ? "test" : kept[..Math.Min(kept.Length, 24)];
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            var builder = new NpgsqlConnectionStringBuilder(server);
            if (string.IsNullOrEmpty(builder.Database))
            {
                builder.Database = "postgres";
            }

            return new PostgresCluster(builder.ConnectionString, null);
        }

        var local = await LocalCluster.StartAsync().ConfigureAwait(false);
        return new PostgresCluster(local.AdminConnectionString, local);
    }

    /// <summary>A throwaway cluster in a private temp folder, on a free loopback port, removed when the process exits.</summary>
    public sealed class LocalCluster
    {
        private readonly string _binDirectory;
        private readonly string? _runAs;
        private int _stopped;

        private LocalCluster(string folder, string binDirectory, string? runAs, int port)
        {
            Folder = folder;
            _binDirectory = binDirectory;
            _runAs = runAs;
            Port = port;
        }

        /// <summary>The temp folder holding the data directory, the socket and the log.</summary>
        public string Folder { get; }

        /// <summary>The loopback TCP port the server listens on.</summary>
        public int Port { get; }

        /// <summary>The operating-system user the server runs as (null: the current user).</summary>
        public string? RunAs => _runAs;

        /// <summary>A connection string to the <c>postgres</c> database as the superuser.</summary>
        public string AdminConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            Timeout = 30,
            CommandTimeout = 120,

            // Tests open many short-lived stores; idle pooled connections are let go quickly so the server's
            // max_connections is never exhausted by pools nobody uses any more.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 5,
        }.ConnectionString;

        private string DataDirectory => Path.Combine(Folder, "data");

        internal static async Task<LocalCluster> StartAsync()
        {
            var bin = FindBinaries() ?? throw new InvalidOperationException(
                "PostgreSQL tests need a PostgreSQL server. Either install the server binaries (Debian/Ubuntu: " +
                "`apt-get install -y postgresql`; they are looked for in /usr/lib/postgresql/<version>/bin and on PATH) " +
                $"or set the environment variable {ServerVariable} to a connection string of a server where the user may " +
                "create databases (e.g. `Host=127.0.0.1;Port=5432;Username=postgres;Password=...`).");

            var runAs = Environment.IsPrivilegedProcess ? await EnsureUnprivilegedUserAsync().ConfigureAwait(false) : null;
            RemoveStaleClusters();

            var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            // Written whole and then renamed, so a sweeping run never reads half a stamp and mistakes us for stale.
            var ownerDraft = Path.Combine(folder, OwnerFile + ".draft");
            File.WriteAllText(ownerDraft, OwnerStamp(Environment.ProcessId));
            File.Move(ownerDraft, Path.Combine(folder, OwnerFile));
            Directory.CreateDirectory(Path.Combine(folder, "socket"));
            if (runAs is not null)
            {
                await RunAsync("chown", ["-R", $"{runAs}:", folder], null, folder).ConfigureAwait(false);
            }

            await RunAsync(
                Path.Combine(bin, "initdb"),
                ["-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                runAs,
                folder).ConfigureAwait(false);

            Exception? lastFailure = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var cluster = new LocalCluster(folder, bin, runAs, FreeLoopbackPort());
                await cluster.WriteSettingsAsync().ConfigureAwait(false);
                try
                {
                    await RunAsync(
                        Path.Combine(bin, "pg_ctl"),
                        ["start", "-D", cluster.DataDirectory, "-w", "-t", "60", "-l", Path.Combine(folder, "server.log")],
                        runAs,
                        folder).ConfigureAwait(false);
                }
                catch (InvalidOperationException failure)
                {
                    // Most likely another process took the port between probing and binding: try another one.
                    lastFailure = new InvalidOperationException($"{failure.Message}\nServer log:\n{cluster.ReadLog()}", failure);
                    continue;
                }

                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
                cluster.StartWatchdog();
                return cluster;
            }

            throw new InvalidOperationException($"Could not start a PostgreSQL cluster in {folder}.", lastFailure);
        }

        /// <summary>Stops the server at once and deletes its folder; safe to call more than once.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            StopAndDelete(_binDirectory, Folder, _runAs);
        }

        private void StartWatchdog()
        {
            // The test host may be killed (a test runner's hang timeout, Ctrl+C, SIGKILL) before ProcessExit runs, or
            // while it runs. A detached shell outlives it, waits for it to be gone, then stops the server and deletes
            // the folder, so no killed run leaves a cluster behind.
            var (pgCtl, stopArgs) = Command(
                Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"], _runAs);
            var script =
                "exec </dev/null >/dev/null 2>&1; " +
                $"while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
                $"{string.Join(' ', new[] { pgCtl }.Concat(stopArgs).Select(ShellQuote))}; " +
                $"rm -rf {ShellQuote(Folder)}";
            var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh")
            {
                WorkingDirectory = "/",
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (start.FileName.EndsWith("setsid", StringComparison.Ordinal))
            {
                start.ArgumentList.Add("/bin/sh");
            }

            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using var watchdog = Process.Start(start);
        }

        private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private async Task WriteSettingsAsync()
        {
            var socket = Path.Combine(Folder, "socket");
            var settings = new StringBuilder()
                .AppendLine("# written by LedgerReconcile.Testing.PostgresCluster")
                .AppendLine("listen_addresses = '127.0.0.1'")
                .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
                .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{socket}'")

                // The store's tests measure durable commits: nothing here trades durability for speed.
                .AppendLine("fsync = on")
                .AppendLine("synchronous_commit = on")
                .AppendLine("full_page_writes = on")
                .AppendLine("max_connections = 200")
                .AppendLine("shared_buffers = 128MB")
                .AppendLine("max_wal_size = 1GB")
                .AppendLine("log_min_messages = warning")
                .AppendLine("log_line_prefix = '%m [%p] '")
                .ToString();

            // postgresql.auto.conf is read after postgresql.conf, so these settings win; each start attempt rewrites it.
            var auto = Path.Combine(DataDirectory, "postgresql.auto.conf");
            await File.WriteAllTextAsync(auto, settings).ConfigureAwait(false);
            if (_runAs is not null)
            {
                await RunAsync("chown", [$"{_runAs}:", auto], null, Folder).ConfigureAwait(false);
            }
        }

        private string ReadLog()
        {
            var log = Path.Combine(Folder, "server.log");
            try
            {
                return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
            }
            catch (IOException)
            {
                return "(log unreadable)";
            }
        }

        private static string? FindBinaries()
        {
            static bool Usable(string dir) =>
                File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

            const string debianRoot = "/usr/lib/postgresql";
            if (Directory.Exists(debianRoot))
            {
                var newest = Directory.GetDirectories(debianRoot)
                    .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: ParseVersion(Path.GetFileName(dir))))
                    .Where(candidate => candidate.Version is not null && Usable(candidate.Dir))
                    .OrderByDescending(candidate => candidate.Version)
                    .Select(candidate => candidate.Dir)
                    .FirstOrDefault();
                if (newest is not null)
                {
                    return newest;
                }
            }

            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Usable);
        }

        private static Version? ParseVersion(string name) =>
            Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

        private static async Task<string> EnsureUnprivilegedUserAsync()
        {
            // PostgreSQL refuses to run as root; CI runs as root, so the server runs as a system user without a home.
            if (await TryRunAsync("id", ["-u", UnprivilegedUser]).ConfigureAwait(false))
            {
                return UnprivilegedUser;
            }

            if (!await TryRunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", UnprivilegedUser]).ConfigureAwait(false)
                && !await TryRunAsync("id", ["-u", UnprivilegedUser]).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Running as root, the test cluster needs the unprivileged user '{UnprivilegedUser}', and `useradd` could not " +
                    $"create it. Create it (`useradd --system --no-create-home {UnprivilegedUser}`) or set {ServerVariable}.");
            }

            return UnprivilegedUser;
        }

        private static void RemoveStaleClusters()
        {
            // A test run killed before ProcessExit leaves its server running on its own port and folder: harmless to
            // us, but it holds memory, so the next run stops it once its owner is gone.
            var temp = Path.GetTempPath();
            foreach (var folder in Directory.GetDirectories(temp, FolderPrefix + "*"))
            {
                try
                {
                    var owner = Path.Combine(folder, OwnerFile);
                    if (!File.Exists(owner))
                    {
                        continue;
                    }

                    var stamp = File.ReadAllText(owner).Trim();
                    var pid = int.Parse(stamp.Split(' ')[0], CultureInfo.InvariantCulture);
                    if (OwnerStamp(pid) == stamp)
                    {
                        continue;
                    }

                    var bin = FindBinaries();
                    var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser : null;
                    if (bin is not null)
                    {
                        StopAndDelete(bin, folder, runAs);
                    }
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
                {
                    // Another run is cleaning the same folder, or it is not ours: leave it.
                }
            }
        }

        private static string OwnerStamp(int pid)
        {
            // The pid and its start time in clock ticks since boot, read raw from /proc: a pid reused by a later process
            // gets a different stamp. (Process.StartTime derives the boot time anew on each call and jitters.)
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return $"{pid} {fields[19]}";
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
            {
                return $"{pid} gone";
            }
        }

        private static void StopAndDelete(string bin, string folder, string? runAs)
        {
            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                var (file, args) = Command(Path.Combine(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"], runAs);
                var start = new ProcessStartInfo(file, args)
                {
                    WorkingDirectory = folder,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                using var process = Process.Start(start);
                if (process is not null)
                {
                    process.StandardOutput.ReadToEnd();
                    process.StandardError.ReadToEnd();
                    process.WaitForExit(30_000);
                }
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Left for the next run's sweep.
            }
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static (string File, IEnumerable<string> Args) Command(string file, IReadOnlyList<string> args, string? runAs) =>
            runAs is null ? (file, args) : ("runuser", ["-u", runAs, "--", file, .. args]);

        private static async Task RunAsync(string file, IReadOnlyList<string> args, string? runAs, string workingDirectory)
        {
            var (command, arguments) = Command(file, args, runAs);
            var start = new ProcessStartInfo(command, arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["LC_ALL"] = "C";

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`{command} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
            }
        }

        private static async Task<bool> TryRunAsync(string file, IReadOnlyList<string> args)
        {
            try
            {
                await RunAsync(file, args, null, Path.GetTempPath()).ConfigureAwait(false);
                return true;
            }
            catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }
}
