using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>What a tenant's admin types into the credentials form for each PSA simulator.</summary>
public static class SimulatorCredentials
{
    public static object Of(ConnectWiseSimulator simulator)
    {
        var options = new ConnectWiseSimulatorOptions();
        return new { baseAddress = simulator.ApiBase.ToString(), companyId = options.CompanyId, publicKey = options.PublicKey, privateKey = options.PrivateKey, clientId = options.ClientId };
    }

    public static object Of(AutotaskSimulator simulator, AutotaskSimulatorOptions options) =>
        new { userName = options.UserName, secret = options.Secret, apiIntegrationCode = options.ApiIntegrationCode, zoneLookupAddress = simulator.ZoneLookupAddress.ToString() };

    public static object Of(HaloSimulator simulator)
    {
        var options = new HaloSimulatorOptions();
        return new { baseAddress = simulator.BaseAddress.ToString(), clientId = options.ClientId, clientSecret = options.ClientSecret };
    }

    public static object Of(SyncroSimulator simulator) =>
        new { subdomain = "ledgersim", apiToken = new SyncroSimulatorOptions().ApiToken, baseAddress = simulator.ApiBase.ToString() };
}
