using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.Domain.Customers;

/// <summary>
/// A hash of a snapshot's content that does not depend on the order Datto listed things in, nor on how a decimal
/// happened to be written, so that two syncs that saw the same thing produce the same hash.
/// </summary>
public static class UsageContentHash
{
    private const char FieldSeparator = '\u001f';
    private const char RecordSeparator = '\u001e';

    public static string Compute(UsageContent content)
    {
        var text = new StringBuilder();
        Record(text, "org", content.OrganizationId?.ToString(CultureInfo.InvariantCulture), content.OrganizationName);

        foreach (var device in content.Devices.OrderBy(d => d.SerialNumber, StringComparer.Ordinal))
        {
            Record(
                text,
                "device",
                device.SerialNumber,
                device.Name,
                device.Model,
                Flag(device.Hidden),
                device.ServicePeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Flag(device.IsAzure),
                device.OffsiteStorage is { } storage ? Number(storage.Size) : null,
                device.OffsiteStorage?.Units,
                device.OffsiteStorage?.Bytes.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var volume in content.Volumes.OrderBy(v => v.DeviceSerial, StringComparer.Ordinal).ThenBy(v => v.VolumeId, StringComparer.Ordinal))
        {
            Record(
                text,
                "volume",
                volume.DeviceSerial,
                volume.VolumeId,
                volume.Name,
                volume.Type.ToString(),
                Flag(volume.Paused),
                Flag(volume.Archived),
                volume.Os,
                volume.LastSnapshotAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }

        foreach (var agent in content.EndpointAgents.OrderBy(a => a.AssetUuid, StringComparer.Ordinal))
        {
            Record(text, "endpoint", agent.AssetUuid, agent.Name, agent.AgentType, agent.Subscription);
        }

        foreach (var domain in content.SaasDomains.OrderBy(d => d.SaasCustomerId))
        {
            Record(
                text,
                "saas",
                domain.SaasCustomerId.ToString(CultureInfo.InvariantCulture),
                domain.Domain,
                domain.ProductType,
                domain.SeatsUsed.ToString(CultureInfo.InvariantCulture),
                domain.Seats is null ? "no-seat-list" : "seat-list");
            foreach (var seat in (domain.Seats ?? []).OrderBy(s => s.MainId, StringComparer.Ordinal).ThenBy(s => s.SeatType, StringComparer.Ordinal))
            {
                Record(text, "seat", seat.MainId, seat.Name, seat.SeatType, seat.SeatState, Flag(seat.Billable));
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }

    private static void Record(StringBuilder text, string kind, params string?[] fields)
    {
        text.Append(kind);
        foreach (var field in fields)
        {
            text.Append(FieldSeparator).Append(field ?? "\u2400");
        }

        text.Append(RecordSeparator);
    }

    private static string Flag(bool value) => value ? "1" : "0";

    // 1.50 and 1.5 are the same reading; decimal keeps the trailing zero, so strip it.
    private static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
