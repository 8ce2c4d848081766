namespace Lanyard.Kubectl;

/// <summary>Why a kubeconfig cannot be converted, in one line that names the user or the flag to fix.</summary>
internal sealed class KubeconfigConversionException(string message) : Exception(message);
