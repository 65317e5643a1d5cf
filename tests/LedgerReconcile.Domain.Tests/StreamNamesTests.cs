namespace LedgerReconcile.Domain.Tests;

public class StreamNamesTests
{
    [Fact]
    public void ACustomerStreamNamesItsTenant() =>
        Assert.Equal("customer-msp-one.org-4711", StreamNames.Customer("msp-one", CustomerKeys.ForOrganization(4711)));

    [Fact]
    public void ATenantStreamNamesItsTenant() => Assert.Equal("tenant-msp-one", StreamNames.Tenant("msp-one"));

    [Fact]
    public void ACustomerStreamNameReadsBackToTenantAndKey()
    {
        Assert.True(StreamNames.TryParseCustomer("customer-msp-one.name-acme-ltd", out var tenant, out var key));
        Assert.Equal(("msp-one", "name-acme-ltd"), (tenant, key));
    }

    [Theory]
    [InlineData("$all")]
    [InlineData("MSP")]
    [InlineData("msp.one")]
    [InlineData("")]
    public void RefusesTenantIdsThatCouldEscapeTheirStreams(string tenant) =>
        Assert.Throws<ArgumentException>(() => StreamNames.Tenant(tenant));

    [Fact]
    public void RefusesCustomerKeysThatAreNotKeys() =>
        Assert.Throws<ArgumentException>(() => StreamNames.Customer("msp-one", "../tenant-other"));

    [Fact]
    public void OldPayloadsAreKeyedOnTheNormalisedClientCompanyName()
    {
        Assert.Equal("name-acme-ltd", CustomerKeys.For(null, "  ACME, Ltd. "));
        Assert.Equal(CustomerKeys.For(null, "Acme Ltd"), CustomerKeys.For(null, "acme ltd."));
        Assert.Equal("org-12", CustomerKeys.For(12, "Acme Ltd"));
    }

    [Fact]
    public void AClientCompanyNameWithoutLettersOrDigitsIsNoKey() =>
        Assert.Throws<ArgumentException>(() => CustomerKeys.ForClientCompanyName(" -- "));
}
