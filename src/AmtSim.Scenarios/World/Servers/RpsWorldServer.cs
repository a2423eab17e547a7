using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AmtSim.Agent.Rpc;
using AmtSim.Firmware.Host;
using AmtSim.Firmware.Web;
using AmtSim.Scenarios.Model;
using AmtSim.Scenarios.Running;

namespace AmtSim.Scenarios.World.Servers;

/// <summary>
/// `server.kind: rps`: an Open AMT RPS the user runs (never started or built by amtsim). At start the world
/// creates, through RPS's REST API (v2.31.0: <c>POST /api/v1/admin/domains</c>, <c>POST /api/v1/admin/profiles</c>),
/// a profile named after the scenario (CCM or ACM, the scenario's passwords) and for ACM a domain with the
/// scenario's provisioning PFX; after the devices' virtual schedule every device's rpc-compatible agent runs
/// at once, each with its own websocket, and RPS's final message per device is observed. A refusal of the
/// domain or profile (RPS checks the PFX's dates and password) is observed as <see cref="RunObservation.RpsApiError"/>.
/// The profile and domain are deleted at the end.
/// </summary>
internal sealed class RpsWorldServer(Scenario scenario, WorldPki pki, FirmwareWebServerOptions web) : IWorldServer
{
    /// <summary>RPS's sessions run after the virtual schedule; there is no earlier end to announce.</summary>
    public event Action? Ending
    {
        add { }
        remove { }
    }

    public const string UrlVariable = "AMTSIM_RPS_URL";
    public const string ApiVariable = "AMTSIM_RPS_API";
    public const string TokenVariable = "AMTSIM_RPS_TOKEN";

    /// <summary>How long one device's session may take (RPS waits delay_timer seconds inside each).</summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _lines = [];
    private readonly List<RpsDeviceOutcome> _outcomes = [];
    private HttpClient? _http;
    private WorldDevices? _devices;
    private Uri? _url;
    private string? _apiError;
    private bool _domainCreated;
    private bool _profileCreated;

    /// <summary>The profile and domain name: "amtsim-" and the scenario's name in RPS's allowed characters.</summary>
    public string Name { get; } = "amtsim-" + new string([.. scenario.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(40)]);

    /// <summary>Why the scenario cannot run here (no RPS named), or null. Such a scenario is skipped, also under CI.</summary>
    public static string? Missing(Scenario scenario)
        => Resolve(scenario.Server.Rps.Url, UrlVariable) is null || Resolve(scenario.Server.Rps.Api, ApiVariable) is null
            ? $"needs an RPS: set {UrlVariable} (its websocket, e.g. ws://127.0.0.1:8080/activate) and {ApiVariable} (its REST API, e.g. http://127.0.0.1:8081), or server.url and server.api"
            : null;

    private static string? Resolve(string? value, string variable)
        => value ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : null);

    public async Task StartAsync(WorldDevices devices, CancellationToken cancellationToken)
    {
        _devices = devices;
        var spec = scenario.Server.Rps;
        var urlText = Resolve(spec.Url, UrlVariable)!;
        var apiText = Resolve(spec.Api, ApiVariable)!;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
        {
            throw new ScenarioSetupException($"{UrlVariable} / server.url '{urlText}' is not a ws:// or wss:// URL");
        }

        if (!Uri.TryCreate(apiText.TrimEnd('/') + "/", UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            throw new ScenarioSetupException($"{ApiVariable} / server.api '{apiText}' is not an http:// or https:// URL");
        }

        _url = url;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var health = await _http.GetAsync("api/v1/admin/health", cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ScenarioSetupException($"RPS's REST API at {api} does not answer ({ex.Message}); is RPS running? ({ApiVariable})", ex);
        }

        Line($"RPS {url}, REST API {api}; profile and domain '{Name}' ({spec.Activation.ToString().ToUpperInvariant()})");
        await DeleteAsync("profiles", cancellationToken);
        await DeleteAsync("domains", cancellationToken);
        if (spec.Activation == RpsActivation.Acm)
        {
            var suffix = spec.DomainSuffix ?? scenario.Network.Scopes.Select(s => s.Option15 ?? s.PkiDnsSuffix).FirstOrDefault(s => s is not null)
                ?? throw new ScenarioSetupException("server.kind rps with activation acm needs server.domain-suffix (or a scope with option15)");
            var pfx = Convert.ToBase64String(await File.ReadAllBytesAsync(pki.ProvisioningPfxPath, cancellationToken));
            _domainCreated = await CreateAsync("domains", new JsonObject
            {
                ["profileName"] = Name,
                ["domainSuffix"] = suffix,
                ["provisioningCert"] = pfx,
                ["provisioningCertStorageFormat"] = "string",
                ["provisioningCertPassword"] = pki.PfxPassword,
            }, cancellationToken);
            if (!_domainCreated)
            {
                return;
            }
        }

        var profile = new JsonObject
        {
            ["profileName"] = Name,
            ["activation"] = spec.Activation == RpsActivation.Acm ? "acmactivate" : "ccmactivate",
            ["amtPassword"] = spec.AmtPassword,
            ["generateRandomPassword"] = false,
            ["generateRandomMEBxPassword"] = false,
            ["dhcpEnabled"] = true,
            ["tags"] = new JsonArray(),
            ["userConsent"] = spec.Activation == RpsActivation.Acm ? "None" : "All",
            ["iderEnabled"] = false,
            ["kvmEnabled"] = true,
            ["solEnabled"] = false,
        };
        if (spec.Activation == RpsActivation.Acm)
        {
            profile["mebxPassword"] = spec.MebxPassword;
        }

        _profileCreated = await CreateAsync("profiles", profile, cancellationToken);
    }

    /// <summary>Every device's agent at once, after the virtual schedule (RPS works in real time; the device clocks stand still meanwhile).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_apiError is not null || _devices is null || _url is null)
        {
            return;
        }

        var spec = scenario.Server.Rps;
        var options = new RpcAgentOptions { SessionTimeout = SessionTimeout };
        var runs = _devices.All.Select(async d =>
        {
            var host = new HostMachine(d.Device, web.HttpPort, web.TlsPort);
            var outcome = await new RpcAgent(host, options).RunAsync(new RpcCommand(RpcAction.Activate, _url, Name, spec.DnsSuffix), cancellationToken);
            return new RpsDeviceOutcome(d.Index, outcome.Uuid, outcome.FinalMethod, outcome.FinalMessage, outcome.ExitCode, outcome.ExitName, outcome.WsmanCalls, outcome.Detail);
        });
        var outcomes = await Task.WhenAll(runs);
        _outcomes.AddRange(outcomes);
        foreach (var o in outcomes)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"device {o.Index} {o.Uuid}: {o.Method ?? "(no final message)"}: {o.Message ?? o.Detail} (rpc exit {o.ExitCode} {o.ExitName}, {o.WsmanCalls} WS-Man calls)"));
        }
    }

    public async Task<ServerObservation> ObserveAsync(string workDir, CancellationToken cancellationToken)
    {
        var text = string.Join('\n', _lines) + (_lines.Count > 0 ? "\n" : "");
        await File.WriteAllTextAsync(Path.Combine(workDir, "rps.log"), text, cancellationToken);
        return new ServerObservation([.. _lines], text, [], Rps: [.. _outcomes], RpsApiError: _apiError);
    }

    public async ValueTask DisposeAsync()
    {
        if (_http is null)
        {
            return;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            if (_profileCreated)
            {
                await DeleteAsync("profiles", limit.Token);
            }

            if (_domainCreated)
            {
                await DeleteAsync("domains", limit.Token);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // Clean-up is best effort; the next run of the scenario deletes the same names first.
        }

        _http.Dispose();
        _http = null;
    }

    private async Task<bool> CreateAsync(string what, JsonObject body, CancellationToken cancellationToken)
    {
        // A body with its Content-Length (not chunked), as RPS's own web UI sends it.
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http!.PostAsync($"api/v1/admin/{what}", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            Line($"created {what[..^1]} '{Name}'");
            return true;
        }

        if ((int)response.StatusCode is 401 or 403)
        {
            throw new ScenarioSetupException($"RPS's REST API refused {what}: {(int)response.StatusCode} (a token in {TokenVariable}?)");
        }

        _apiError = $"{(int)response.StatusCode} {ErrorText(text)}";
        Line($"RPS refused the {what[..^1]}: {_apiError}");
        return false;
    }

    private async Task DeleteAsync(string what, CancellationToken cancellationToken)
    {
        using var response = await _http!.DeleteAsync($"api/v1/admin/{what}/{Uri.EscapeDataString(Name)}", cancellationToken);
    }

    /// <summary>RPS's error texts: express-validator's <c>errors[].msg</c>, or <c>{ error, message }</c>.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("msg", out var m) ? m.ToString() : e.ToString()));
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message))
            {
                return (root.TryGetProperty("error", out var error) ? error + ": " : "") + message;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 500 ? body[..500] : body;
    }

    private void Line(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
