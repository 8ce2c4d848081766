{{/* The chart's name, or nameOverride. */}}
{{- define "lanyard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name (Kubernetes names are at most 63 characters). */}}
{{- define "lanyard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "lanyard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lanyard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lanyard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "lanyard.labels" -}}
helm.sh/chart: {{ include "lanyard.chart" . }}
{{ include "lanyard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "lanyard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "lanyard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding client-id, client-secret and cookie-secret: the user's, or the chart's. */}}
{{- define "lanyard.secretName" -}}
{{- default (include "lanyard.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* The Secret the chart makes for Redis passwords given in values. */}}
{{- define "lanyard.redisSecretName" -}}
{{- printf "%s-redis" (include "lanyard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lanyard.redisEnabled" -}}
{{- if eq .Values.sessionStorage.type "redis" }}true{{ end }}
{{- end }}

{{/* The alpha config file: the user's maps over the listener sections the chart owns. */}}
{{- define "lanyard.alphaConfig" -}}
{{- $config := deepCopy .Values.alphaConfig.configData }}
{{- $server := merge (deepCopy .Values.alphaConfig.serverConfigData) (dict "bindAddress" "0.0.0.0:4180") }}
{{- $_ := set $config "server" $server }}
{{- if .Values.metrics.enabled }}
{{- $metrics := merge (deepCopy .Values.alphaConfig.metricsConfigData) (dict "bindAddress" (printf "0.0.0.0:%v" .Values.metrics.port)) }}
{{- $_ := set $config "metricsServer" $metrics }}
{{- end }}
{{- toYaml $config }}
{{- end }}
