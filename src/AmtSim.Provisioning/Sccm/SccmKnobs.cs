using System.Globalization;
using AmtSim.Runtime.Errors;

namespace AmtSim.Provisioning.Sccm;

/// <summary>
/// The service point's knobs that can be set from the environment (<c>AMTSIM_SCCM_&lt;KNOB&gt;</c>),
/// on top of what the scenario file says. Each has its documented default in
/// <see cref="OobServicePointOptions"/>; a bad value is invalid input naming the variable.
/// </summary>
public static class SccmKnobs
{
    public const string CertRetries = "AMTSIM_SCCM_CERT_RETRIES";
    public const string CertRetrySeconds = "AMTSIM_SCCM_CERT_RETRY_SECONDS";
    public const string WarningDays = "AMTSIM_SCCM_WARNING_DAYS";
    public const string CriticalDays = "AMTSIM_SCCM_CRITICAL_DAYS";
    public const string WebCertRenewDays = "AMTSIM_SCCM_WEB_CERT_RENEW_DAYS";

    public static OobServicePointOptions ApplyEnvironment(OobServicePointOptions options, Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        int Int(string name, int fallback, int min, int max)
        {
            if (getEnvironment(name) is not { Length: > 0 } text)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v
                : throw new InvalidInputException($"{name}='{text}' is not a whole number from {min} to {max}");
        }

        return options with
        {
            CertificateRetries = Int(CertRetries, options.CertificateRetries, 1, 100),
            CertificateRetryInterval = TimeSpan.FromSeconds(Int(CertRetrySeconds, (int)options.CertificateRetryInterval.TotalSeconds, 1, 3600)),
            WarningDays = Int(WarningDays, options.WarningDays, 1, 3650),
            CriticalDays = Int(CriticalDays, options.CriticalDays, 0, 3650),
            WebCertificateRenewDays = Int(WebCertRenewDays, options.WebCertificateRenewDays, 1, 3650),
        };
    }

    /// <summary>One line with every effective value, logged once at start.</summary>
    public static string Describe(OobServicePointOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"hello port {o.HelloPort}, certificate retries {o.CertificateRetries} every {o.CertificateRetryInterval.TotalSeconds} s, status 7210 at <= {o.WarningDays} days, 7211 at < {o.CriticalDays} days, web certificates checked every {o.WebCertificateCheckInterval.TotalDays} days and renewed at <= {o.WebCertificateRenewDays} days, template {o.WebServerTemplate}");
}
