using System.Text.Json;
using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto.Parsing;

// Maps one wire item to the normalised model. Items that are not objects, or lack their key, are skipped with a warning.
internal static class DattoWireFormat
{
    public const string DevicesEndpoint = "bcdr/device";
    public const string DtcAssetsEndpoint = "dtc/assets";
    public const string EndpointAgentsEndpoint = "bcdr/agent";
    public const string SaasDomainsEndpoint = "saas/domains";

    public static string AssetsEndpoint(string serial) => $"bcdr/device/{serial}/asset";
    public static string SeatsEndpoint(long saasCustomerId) => $"saas/{saasCustomerId}/seats";

    public static DattoDevice? Device(JsonElement item, List<DattoWarning> warnings)
    {
        if (!IsObject(item, "device", DevicesEndpoint, DevicesEndpoint, warnings)) return null;
        var serial = new DattoJsonObject(item, DevicesEndpoint, DevicesEndpoint, warnings).String("serialNumber")?.Trim();
        if (string.IsNullOrEmpty(serial))
        {
            warnings.Add(new(DattoWarningKind.SkippedItem, DevicesEndpoint, DevicesEndpoint, $"device without serialNumber skipped: {Abbreviated(item)}"));
            return null;
        }
        var json = new DattoJsonObject(item, serial, DevicesEndpoint, warnings);
        return new DattoDevice(
            SerialNumber: serial,
            Name: json.String("name"),
            Model: json.String("model"),
            OrganizationId: json.Int64("organizationId"),
            OrganizationName: json.String("organizationName"),
            ClientCompanyName: json.String("clientCompanyName"),
            ResellerCompanyName: json.String("resellerCompanyName"),
            Hidden: json.Boolean("hidden") ?? false,
            ServicePeriod: json.Timestamp("servicePeriod"),
            LastSeen: json.Timestamp("lastSeenDate"),
            Region: json.Region("region"),
            OffsiteStorage: json.Storage("offsiteStorageUsed"),
            AgentCount: json.Count("agentCount"),
            ShareCount: json.Count("shareCount"),
            Assets: null);
    }

    public static DattoAsset? Asset(JsonElement item, string serial, List<DattoWarning> warnings)
    {
        var endpoint = AssetsEndpoint(serial);
        if (!IsObject(item, "asset", serial, endpoint, warnings)) return null;
        var json = new DattoJsonObject(item, serial, endpoint, warnings);
        var rawType = json.String("type");
        var type = rawType?.Trim().ToLowerInvariant() switch
        {
            "agent" => DattoAssetType.Agent,
            "share" => DattoAssetType.Share,
            _ => DattoAssetType.Unknown,
        };
        var name = json.String("name");
        if (type == DattoAssetType.Unknown)
            warnings.Add(new(DattoWarningKind.UnreadableValue, serial, endpoint,
                $"asset {name ?? json.String("volume") ?? "?"}: type {(rawType is null ? "missing" : $"\"{rawType}\"")} is neither agent nor share"));
        return new DattoAsset(
            Volume: json.String("volume"),
            Name: name,
            Type: type,
            RawType: rawType,
            IsPaused: json.Boolean("isPaused") ?? false,
            IsArchived: json.Boolean("isArchived") ?? false,
            Os: json.String("os"),
            LastSnapshot: json.Timestamp("lastSnapshot"));
    }

    public static DattoDtcAsset? DtcAsset(JsonElement item, List<DattoWarning> warnings)
    {
        if (!IsObject(item, "DTC asset", DtcAssetsEndpoint, DtcAssetsEndpoint, warnings)) return null;
        var uuid = new DattoJsonObject(item, DtcAssetsEndpoint, DtcAssetsEndpoint, warnings).String("assetUuid");
        var json = new DattoJsonObject(item, uuid ?? DtcAssetsEndpoint, DtcAssetsEndpoint, warnings);
        return new DattoDtcAsset(
            AssetUuid: uuid,
            Name: json.String("name"),
            Hostname: json.String("hostname"),
            Type: json.String("type"),
            Status: json.String("status"),
            OrganizationId: json.Int64("organizationId"),
            OrganizationName: json.String("organizationName"),
            LastBackup: json.Timestamp("lastBackup"));
    }

    // /bcdr/agent nests agents under clients; an item without "agents" is taken as an agent on its own.
    public static IEnumerable<DattoEndpointAgent> EndpointAgents(JsonElement item, List<DattoWarning> warnings)
    {
        if (!IsObject(item, "EB4PC client", EndpointAgentsEndpoint, EndpointAgentsEndpoint, warnings)) return [];
        var client = new DattoJsonObject(item, EndpointAgentsEndpoint, EndpointAgentsEndpoint, warnings);
        var organizationId = client.Int64("organizationId");
        var organizationName = client.String("organizationName");
        var clientName = client.String("clientName");
        if (!client.TryGet("agents", out var agents))
            return [EndpointAgent(client, organizationId, organizationName, clientName)];
        var list = DattoList.Read(agents);
        if (list.Shape == DattoListShape.Unrecognised)
        {
            warnings.Add(new(DattoWarningKind.UnexpectedShape, clientName ?? EndpointAgentsEndpoint, EndpointAgentsEndpoint,
                $"agents of client {clientName ?? organizationId?.ToString() ?? "?"} are {list.Describe()}"));
            return [];
        }
        return list.Items
            .Where(a => IsObject(a, "EB4PC agent", EndpointAgentsEndpoint, EndpointAgentsEndpoint, warnings))
            .Select(a => EndpointAgent(new DattoJsonObject(a, clientName ?? EndpointAgentsEndpoint, EndpointAgentsEndpoint, warnings),
                organizationId, organizationName, clientName))
            .ToArray();
    }

    private static DattoEndpointAgent EndpointAgent(DattoJsonObject json, long? organizationId, string? organizationName, string? clientName) =>
        new(OrganizationId: organizationId ?? json.Int64("organizationId"),
            OrganizationName: organizationName ?? json.String("organizationName"),
            ClientName: clientName ?? json.String("clientName"),
            Uuid: json.String("uuid"),
            Hostname: json.String("hostname"),
            Type: json.String("type"),
            LastSnapshot: json.Timestamp("lastSnapshot"));

    public static DattoSaasDomain? SaasDomain(JsonElement item, List<DattoWarning> warnings)
    {
        if (!IsObject(item, "SaaS domain", SaasDomainsEndpoint, SaasDomainsEndpoint, warnings)) return null;
        var json = new DattoJsonObject(item, SaasDomainsEndpoint, SaasDomainsEndpoint, warnings);
        if (json.Int64("saasCustomerId") is not { } id)
        {
            warnings.Add(new(DattoWarningKind.SkippedItem, SaasDomainsEndpoint, SaasDomainsEndpoint,
                $"domain without a numeric saasCustomerId skipped: {Abbreviated(item)}"));
            return null;
        }
        return new DattoSaasDomain(
            SaasCustomerId: id,
            SaasCustomerName: json.String("saasCustomerName"),
            Domain: json.String("domain"),
            OrganizationId: json.Int64("organizationId"),
            OrganizationName: json.String("organizationName"),
            ProductType: json.String("productType"),
            ExternalSubscriptionId: json.String("externalSubscriptionId"),
            RetentionType: json.String("retentionType"),
            SeatsUsed: json.Count("seatsUsed"),
            Seats: null);
    }

    public static DattoSeat? Seat(JsonElement item, long saasCustomerId, List<DattoWarning> warnings)
    {
        var endpoint = SeatsEndpoint(saasCustomerId);
        var subject = saasCustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!IsObject(item, "seat", subject, endpoint, warnings)) return null;
        var json = new DattoJsonObject(item, subject, endpoint, warnings);
        var rawBillable = json.TryGet("billable", out var billable) ? billable.GetRawText() : null;
        // Non-billable is "0" in the docs and "" live; only the exact string "1" means billable.
        var isBillable = billable.ValueKind == JsonValueKind.String && billable.GetString() == "1";
        if (rawBillable is not (null or "\"1\"" or "\"0\"" or "\"\""))
            warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint,
                $"seat {json.String("mainId") ?? "?"}: billable {rawBillable} is not \"1\", \"0\" or \"\"; counted as not billable"));
        return new DattoSeat(
            MainId: json.String("mainId"),
            Name: json.String("name"),
            SeatType: json.String("seatType"),
            SeatState: json.String("seatState"),
            Billable: isBillable,
            RawBillable: billable.ValueKind == JsonValueKind.String ? billable.GetString() : rawBillable,
            RemoteId: json.String("remoteId"),
            DateAdded: json.Timestamp("dateAdded"));
    }

    private static bool IsObject(JsonElement item, string what, string subject, string endpoint, List<DattoWarning> warnings)
    {
        if (item.ValueKind == JsonValueKind.Object) return true;
        warnings.Add(new(DattoWarningKind.SkippedItem, subject, endpoint, $"{what} is not an object: {Abbreviated(item)}"));
        return false;
    }

    private static string Abbreviated(JsonElement item)
    {
        var text = item.GetRawText();
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
