using System.Security.Cryptography;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// Event ids derived from the command that caused them, so that a command sent twice produces the same ids and the
/// store's idempotent append turns the second send into a no-op instead of a second set of facts.
/// </summary>
public static class EventIds
{
    public static Guid Derive(Guid commandId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        commandId.TryWriteBytes(input, bigEndian: true, out _);
        BitConverter.TryWriteBytes(input[16..], index);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);

        // RFC 9562 version 8 (custom) with the RFC variant, so the ids read as what they are.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
