using AmtSim.Firmware.Device;
using AmtSim.Firmware.Wsman;
using Xunit;

namespace AmtSim.Firmware.Tests.Wsman;

public class StateRulesTests
{
    [Fact]
    public void Table_EveryMethodAndWriteOperation_HasARow()
    {
        foreach (var cls in WsmanService.AllClasses())
        {
            foreach (var call in cls.Methods.Concat(cls.Operations.Select(o => o.ToString())).Append("Get").Append("Enumerate"))
            {
                Assert.True(StateRules.Find(cls.ClassName, call) is not null, $"{cls.ClassName}.{call} has no state rule");
            }
        }
    }

    [Fact]
    public void Table_NoDuplicateRows()
    {
        var keys = StateRules.Table.Select(r => (r.Class, r.Call)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("IPS_HostBasedSetupService", "AdminSetup", ProvisioningState.Pre, true)]
    [InlineData("IPS_HostBasedSetupService", "AdminSetup", ProvisioningState.Post, false)]
    [InlineData("IPS_HostBasedSetupService", "AddNextCertInChain", ProvisioningState.In, false)]
    [InlineData("AMT_SetupAndConfigurationService", "CommitChanges", ProvisioningState.In, true)]
    [InlineData("AMT_SetupAndConfigurationService", "CommitChanges", ProvisioningState.Pre, false)]
    [InlineData("AMT_SetupAndConfigurationService", "Unprovision", ProvisioningState.Post, true)]
    [InlineData("AMT_SetupAndConfigurationService", "Unprovision", ProvisioningState.In, false)]
    [InlineData("CIM_SoftwareIdentity", "Enumerate", ProvisioningState.Pre, true)]
    public void Find_Call_AllowedAsDocumented(string cls, string call, ProvisioningState state, bool allowed)
        => Assert.Equal(allowed, StateRules.Find(cls, call)!.Allows(state));

    [Fact]
    public void Find_CallWithoutRow_IsNull()
        => Assert.Null(StateRules.Find("AMT_GeneralSettings", "Delete"));

    [Theory]
    [InlineData("AddNextCertInChain", 3u)]
    [InlineData("AdminSetup", 2u)]
    [InlineData("Setup", 2u)]
    public void Find_HostBasedMethods_DenyWithTheirInvalidStateCode(string method, uint code)
        => Assert.Equal(code, StateRules.Find("IPS_HostBasedSetupService", method)!.DeniedReturnValue);
}
