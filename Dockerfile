# amtsim as a container image: the tool exactly as `dotnet tool install` gives it (fixture PKI and
# example scenarios inside the package), on the .NET runtime image, run as a non-root user.
#   docker build -t amtsim .            (from the repository root)
#   docker run --rm amtsim run /opt/amtsim/lib/examples/scenarios --filter happy-path
# No container engine runs on the machine this project is developed on, so this file is checked by
# reading (tests/AmtSim.Cli.Tests/Deploy) and by the same pack + install steps in .ci/install-test.sh,
# not by a build there.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet pack src/AmtSim.Cli/AmtSim.Cli.csproj -c Release -nologo -v quiet -o /pkg \
 && dotnet tool install --tool-path /opt/amtsim --add-source /pkg amtsim \
 && ln -s "$(dirname "$(find /opt/amtsim/.store -name amtsim.dll -path '*/tools/*' | head -n 1)")" /opt/amtsim/lib

FROM mcr.microsoft.com/dotnet/runtime:10.0
# openssl: `bench fleet` measures the machine's RSA rate with `openssl speed` (optional; without it the ratio is 0).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/amtsim /opt/amtsim
ENV DOTNET_ROOT=/usr/share/dotnet \
    PATH="/opt/amtsim:${PATH}" \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The runtime image's unprivileged user (APP_UID 1654); results go to a mounted /results.
USER $APP_UID
WORKDIR /home/app
ENTRYPOINT ["amtsim"]
CMD ["--help"]
