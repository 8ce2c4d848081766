namespace Lanyard.Kubectl;

/// <summary>
/// One convert-kubeconfig run: read, convert, write in place (kubelogin's behaviour) or to <c>--output</c>. Any
/// refusal happens before a byte is written, so a bad file or flag leaves the kubeconfig as it was.
/// </summary>
internal static class ConvertKubeconfigRunner
{
    public static int Run(ConvertKubeconfigRequest request, string path, string? output, TextWriter standardOutput, TextWriter error)
    {
        try
        {
            var conversion = KubeconfigConverter.Convert(KubeconfigFile.Read(path), request);
            switch (conversion)
            {
                case KubeconfigConversion.Converted converted:
                    if (output == "-")
                    {
                        standardOutput.Write(converted.Yaml);
                    }
                    else
                    {
                        KubeconfigFile.Replace(output ?? path, converted.Yaml);
                    }

                    error.WriteLine($"Converted {converted.Users.Count} user(s) to lanyard kubectl get-token --login {GetTokenArgs.Name(request.Login)}: {string.Join(", ", converted.Users)}"
                        + (output == "-" ? "" : $" ({Path.GetFullPath(output ?? path)})"));
                    return 0;
                case KubeconfigConversion.Unchanged:
                    if (output == "-")
                    {
                        standardOutput.Write(KubeconfigFile.Read(path));
                    }
                    else if (output is not null)
                    {
                        KubeconfigFile.Replace(output, KubeconfigFile.Read(path));
                    }

                    error.WriteLine($"No user in {path} runs kubelogin or the azure auth-provider; nothing converted (name one with --context)");
                    return 0;
                case KubeconfigConversion.Refused refused:
                    return Fail(error, refused.Reason);
                default:
                    return Fail(error, "unexpected conversion outcome");
            }
        }
        catch (KubeconfigConversionException e)
        {
            return Fail(error, e.Message);
        }
    }

    private static int Fail(TextWriter error, string reason)
    {
        error.WriteLine($"lanyard kubectl convert-kubeconfig: {reason}");
        return 1;
    }
}
