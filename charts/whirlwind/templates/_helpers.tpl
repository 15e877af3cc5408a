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

{{- define "whirlwind.operatorImage" -}}
{{- printf "%s:%s" .Values.operator.image.repository (default .Chart.AppVersion .Values.operator.image.tag) -}}
{{- end -}}

{{/* Labels the operator puts on every daemon pod it creates (operator/kube/Labels.java). */}}
{{- define "whirlwind.daemonSelector" -}}
app.kubernetes.io/managed-by: whirlwind-operator
app.kubernetes.io/part-of: whirlwind
{{- end -}}

{{/* What the operator may do on the objects it owns and reads, in one namespace or cluster-wide. */}}
{{- define "whirlwind.namespacedRules" -}}
{{- /* Reads go through informers (list, watch); owned objects are created and updated with a PUT
carrying the observed resourceVersion; status is merge-patched. ControlPlaneTest compares these
rules with the requests a real run makes (ChartContract). */}}
- apiGroups: ["whirlwind.dev"]
  resources: ["cachepools", "videocatalogs", "transcodeprofiles"]
  verbs: ["list", "watch"]
- apiGroups: ["whirlwind.dev"]
  resources: ["cachepools/status", "videocatalogs/status", "transcodeprofiles/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  # delete: growing storage re-creates the StatefulSet with orphan deletion.
  verbs: ["list", "watch", "create", "update", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["pods"]
  # Read only: an auto profile's GPU pods that no node can take make it fall back to CPU pods.
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["secrets"]
  # The admin-token Secret is created once and only ever gains owner references (read, patch).
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  # Growing storage patches the claims of a pool.
  verbs: ["list", "get", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- if .Values.networkPolicy.enabled }}
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  # Each profile's transcoders get one (networkPolicy.enabled).
  verbs: ["list", "watch", "create", "update"]
{{- end }}
{{- end -}}
