{{- define "whirlwind.name" -}}
{{- printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "whirlwind.labels" -}}
app.kubernetes.io/name: whirlwind-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: whirlwind
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "whirlwind.selector" -}}
app.kubernetes.io/name: whirlwind-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "whirlwind.daemonTag" -}}
{{- default .Chart.AppVersion .Values.daemonImages.tag -}}
{{- end -}}
