using Microsoft.AspNetCore.Connections;

namespace LedgerReconcile.Host.Hosting;

/// <summary>Kestrel could not bind because another process listens on the address.</summary>
public static class PortInUse
{
    public static bool Caused(Exception? failure) =>
        failure is AddressInUseException || failure?.InnerException is AddressInUseException;
}
