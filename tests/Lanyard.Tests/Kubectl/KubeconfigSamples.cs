namespace Lanyard.Tests.Kubectl;

/// <summary>Kubeconfigs as AKS and kubelogin write them (ids made up), with keys Lanyard knows nothing of.</summary>
internal static class KubeconfigSamples
{
    public const string ServerId = "6dae42f8-4368-4678-94ff-3960e28e3630";
    public const string ClientId = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
    public const string TenantId = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    /// <summary>What <c>az aks get-credentials</c> wrote for a legacy Entra cluster (seed 002), tokens included.</summary>
    public const string Legacy = $"""
        apiVersion: v1
        kind: Config
        preferences:
          colors: true
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
            server: https://myakscluster-dns-1a2b3c4d.hcp.eastus.azmk8s.io:443
            extensions:
            - name: example.com/site
              extension:
                rack: r12
          name: myakscluster
        contexts:
        - context:
            cluster: myakscluster
            namespace: team-a
            user: clusterUser_myResourceGroup_myakscluster
          name: myakscluster
        - context:
            cluster: myakscluster
            user: clusterAdmin_myResourceGroup_myakscluster
          name: myakscluster-admin
        current-context: myakscluster
        users:
        - name: clusterUser_myResourceGroup_myakscluster
          user:
            auth-provider:
              config:
                apiserver-id: {ServerId}
                client-id: {ClientId}
                config-mode: '1'
                environment: AzurePublicCloud
                tenant-id: {TenantId}
                access-token: eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.legacy-access-token
                refresh-token: legacy-refresh-token
                expires-on: '1700000000'
              name: azure
        - name: clusterAdmin_myResourceGroup_myakscluster
          user:
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
            token: 0123456789abcdef
        x-team-notes:
          owner: platform
        """;

    /// <summary>What <c>kubelogin convert-kubeconfig</c> or AKS-managed Entra writes: kubelogin as an exec plugin.</summary>
    public const string Kubelogin = $"""
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://aks.example.com:443
          name: aks
        contexts:
        - context:
            cluster: aks
            user: clusterUser_rg_aks
          name: aks
        current-context: aks
        users:
        - name: clusterUser_rg_aks
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              args:
              - get-token
              - --environment
              - AzureUSGovernmentCloud
              - --server-id
              - {ServerId}
              - --client-id
              - {ClientId}
              - --tenant-id={TenantId}
              - --login
              - azurecli
              - --cache-dir
              - /home/alice/.kube/cache/kubelogin
              command: /usr/local/bin/kubelogin
              env: null
              installHint: install kubelogin
              provideClusterInfo: false
        """;
}
