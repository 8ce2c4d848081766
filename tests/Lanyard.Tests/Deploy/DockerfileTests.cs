using Lanyard.Testing;

namespace Lanyard.Tests.Deploy;

/// <summary>
/// The repository's Dockerfile, read as text (docker is not available here; README "Deploy" has the build command):
/// the image the chart runs must start <c>lanyard serve</c> as a non-root user on the port the chart expects.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "Dockerfile"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    /// <summary>The instructions after the last FROM: what the image runs with.</summary>
    private static readonly string[] RuntimeStage = Lines[Array.FindLastIndex(Lines, l => l.StartsWith("FROM ", StringComparison.Ordinal))..];

    [Fact]
    public void ItBuildsWithTheSdk_AndRunsOnTheAspNetCoreRuntime()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
        Assert.Contains(Lines, l => l.StartsWith("RUN dotnet publish src/Lanyard/Lanyard.csproj ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRuntimeStage_RunsAsTheNonRootAppUser()
    {
        var user = Assert.Single(RuntimeStage, l => l.StartsWith("USER ", StringComparison.Ordinal));

        // $APP_UID is the .NET images' `app` user (1654), the UID the chart's podSecurityContext names.
        Assert.Equal("USER $APP_UID", user);
        Assert.Equal("1654", HelmChart.Scalar(null, "podSecurityContext.runAsUser"));
        Assert.True(Array.IndexOf(RuntimeStage, user) > Array.FindLastIndex(RuntimeStage, l => l.StartsWith("COPY ", StringComparison.Ordinal)),
            "USER comes after the last COPY, so nothing after it runs as root");
    }

    [Fact]
    public void TheEntrypoint_IsLanyardServe_OnPort4180()
    {
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"/app/lanyard.dll\", \"serve\"]", Assert.Single(RuntimeStage, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Contains("EXPOSE 4180", RuntimeStage);
        Assert.Contains("lanyard", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Lanyard", "Lanyard.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuildContext_LeavesOutBuildOutputAndTests()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("tests/", ignored);
        Assert.DoesNotContain("src/", ignored);
    }
}
