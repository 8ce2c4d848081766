# Lanyard's container image: build with the .NET SDK, run on the small chiseled ASP.NET Core runtime
# (no shell, no package manager) as its non-root `app` user.
#
#   docker build -t lanyard:dev .
#   docker run --rm -p 4180:4180 lanyard:dev --config /etc/lanyard/lanyard.toml --http-address 0.0.0.0:4180
#
# The image's entrypoint is `lanyard serve`; everything after the image name is serve's flags.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# global.json is left out on purpose: it pins the SDK band used on developers' machines, while this stage's SDK is
# whatever 10.0 the image tag carries.
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Lanyard/Lanyard.csproj --configuration Release --output /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# Lanyard binds its own listeners from http_address and friends; the image's default of port 8080 does not apply.
ENV ASPNETCORE_HTTP_PORTS=
# The chiseled image already runs as `app`; saying so keeps it true if the base image changes.
USER $APP_UID
EXPOSE 4180
ENTRYPOINT ["dotnet", "/app/lanyard.dll", "serve"]
