using System.Globalization;
using System.Text.Json;

namespace LedgerReconcile.Simulators.Datto;

// Writes the documented wire shapes, switching to the looser typings some sources report when LooseTyping is on.
internal sealed class DattoWireWriter(Utf8JsonWriter json, DattoSimulatorOptions options)
{
    private bool Loose => options.LooseTyping;

    public void Device(SimulatedDevice device, int index)
    {
        json.WriteStartObject();
        json.WriteString("serialNumber", device.SerialNumber);
        json.WriteString("name", device.Name);
        json.WriteString("model", device.Model);
        json.WriteString("clientCompanyName", device.ClientCompanyName);
        if (!device.LegacyWithoutOrganization)
        {
            Integer("organizationId", device.OrganizationId);
            json.WriteString("organizationName", device.OrganizationName);
        }
        json.WriteString("resellerCompanyName", device.ChildReseller ? "Child Reseller Co" : "Simulated MSP");
        Boolean("hidden", device.Hidden, index);
        if (Loose) json.WriteNumber("lastSeenDate", device.LastSeen.ToUnixTimeSeconds());
        else json.WriteString("lastSeenDate", Iso(device.LastSeen));
        json.WriteString("registrationDate", Iso(device.ServicePeriod.AddYears(-3)));
        json.WriteString("servicePeriod", Iso(device.ServicePeriod));
        json.WriteString("warrantyExpire", Iso(device.ServicePeriod));
        json.WriteString("servicePlan", "Infinite Cloud Retention");
        Storage("localStorageUsed", device.LocalStorage);
        Storage("offsiteStorageUsed", device.OffsiteStorage);
        json.WriteString("internalIP", "10.0.0.10");
        Integer("activeTickets", 0);
        Integer("alertCount", 0);
        Integer("agentCount", device.AgentCount);
        Integer("shareCount", device.ShareCount);
        Integer("uptime", 86_400);
        json.WriteString("remoteWebUrl", $"https://device.dattobackup.com/{device.SerialNumber}");
        if (Loose) json.WriteString("region", device.Region);
        else
        {
            json.WriteStartObject("region");
            json.WriteString("location", device.Region);
            json.WriteNull("provider");
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    public void Asset(SimulatedAsset asset, int index)
    {
        json.WriteStartObject();
        json.WriteString("name", asset.Name);
        json.WriteString("volume", asset.Volume);
        json.WriteString("type", asset.Type);
        json.WriteString("localIp", "10.0.1.20");
        if (asset.Os is null) json.WriteNull("os"); else json.WriteString("os", asset.Os);
        Integer("protectedVolumesCount", 2);
        Integer("unprotectedVolumesCount", 0);
        json.WriteString("agentVersion", "2.8.1.0");
        Boolean("isPaused", asset.IsPaused, index);
        Boolean("isArchived", asset.IsArchived, index + 1);
        Integer("latestOffsite", asset.LastSnapshot - 3600);
        Integer("lastSnapshot", asset.LastSnapshot);
        Integer("localSnapshots", 42);
        json.WriteStartArray("backups");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void DtcAsset(SimulatedDtcAsset asset)
    {
        json.WriteStartObject();
        json.WriteString("name", asset.Name);
        json.WriteString("status", "active");
        json.WriteString("type", "agent");
        Integer("lastBackup", asset.LastBackup);
        json.WriteString("assetUuid", asset.AssetUuid);
        Integer("organizationId", asset.OrganizationId);
        json.WriteString("organizationName", asset.OrganizationName);
        json.WriteString("hostname", asset.Hostname);
        json.WriteEndObject();
    }

    public void EndpointClient(SimulatedEndpointClient client)
    {
        json.WriteStartObject();
        Integer("organizationId", client.OrganizationId);
        json.WriteString("organizationName", client.OrganizationName);
        json.WriteString("clientName", client.OrganizationName);
        json.WriteStartArray("agents");
        foreach (var agent in client.Agents)
        {
            json.WriteStartObject();
            json.WriteString("uuid", agent.Uuid);
            json.WriteString("hostname", agent.Hostname);
            json.WriteString("type", "endpointBackup");
            Integer("lastSnapshot", agent.LastSnapshot);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void SaasDomain(SimulatedSaasDomain domain)
    {
        json.WriteStartObject();
        json.WriteNumber("saasCustomerId", domain.SaasCustomerId);
        json.WriteString("saasCustomerName", domain.SaasCustomerName);
        json.WriteString("domain", domain.Domain);
        Integer("organizationId", domain.OrganizationId);
        json.WriteString("organizationName", domain.OrganizationName);
        Integer("seatsUsed", domain.SeatsUsed);
        json.WriteString("productType", domain.ProductType);
        json.WriteString("externalSubscriptionId", $"Classic:{domain.ProductType}:{domain.SaasCustomerId}");
        json.WriteString("retentionType", "ICR");
        json.WriteEndObject();
    }

    public void Seat(SimulatedSeat seat)
    {
        json.WriteStartObject();
        json.WriteString("mainId", seat.MainId);
        json.WriteString("name", seat.Name);
        json.WriteString("seatType", seat.SeatType);
        json.WriteString("seatState", seat.SeatState);
        json.WriteString("billable", seat.Billable ? "1" : options.NonBillable == NonBillableValue.EmptyString ? "" : "0");
        json.WriteString("dateAdded", Iso(seat.DateAdded));
        json.WriteString("remoteId", seat.RemoteId);
        json.WriteEndObject();
    }

    public void Pagination(int page, int perPage, int totalPages, int count)
    {
        json.WriteStartObject("pagination");
        json.WriteNumber("page", page);
        json.WriteNumber("perPage", perPage);
        json.WriteNumber("totalPages", totalPages);
        json.WriteNumber("count", count);
        json.WriteEndObject();
    }

    private void Storage(string name, SimulatedStorage storage)
    {
        if (storage.Units is null)
        {
            json.WriteNumber(name, storage.Size);
            return;
        }
        json.WriteStartObject(name);
        if (Loose) json.WriteString("size", storage.Size.ToString(CultureInfo.InvariantCulture));
        else json.WriteNumber("size", storage.Size);
        json.WriteString("units", storage.Units);
        json.WriteEndObject();
    }

    private void Integer(string name, long value)
    {
        if (Loose) json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        else json.WriteNumber(name, value);
    }

    // Loose booleans alternate between 0/1 and "true"/"false" so both spellings are exercised.
    private void Boolean(string name, bool value, int index)
    {
        if (!Loose) json.WriteBoolean(name, value);
        else if (index % 2 == 0) json.WriteNumber(name, value ? 1 : 0);
        else json.WriteString(name, value ? "true" : "false");
    }

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
