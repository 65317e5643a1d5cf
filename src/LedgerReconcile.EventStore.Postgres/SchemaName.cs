using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LedgerReconcile.EventStore.Postgres;

/// <summary>The store's schema: a checked identifier (it is spliced into SQL) and the advisory-lock keys derived from it.</summary>
internal sealed partial record SchemaName
{
    private SchemaName(string name)
    {
        Name = name;
        Quoted = $"\"{name}\"";
        SequencerLockKey = LockKey("sequencer", name);
        MigrationLockKey = LockKey("migrations", name);
    }

    public string Name { get; }

    public string Quoted { get; }

    /// <summary>Held by every append transaction: the single sequencer of global positions (see the store's remarks).</summary>
    public long SequencerLockKey { get; }

    /// <summary>Held while migrations run, so processes opening the store together apply each migration once.</summary>
    public long MigrationLockKey { get; }

    public static SchemaName Parse(string name) =>
        Identifier().IsMatch(name)
            ? new SchemaName(name)
            : throw new ArgumentException(
                $"Schema '{name}' is not a plain lower-case identifier (letters, digits, underscores; at most 63).", nameof(name));

    // Advisory locks are per database; the key only has to tell this store's locks from other users' in the same one.
    private static long LockKey(string purpose, string schema) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"LedgerReconcile.EventStore/{purpose}/{schema}")));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
