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
- apiGroups: ["whirlwind.dev"]
  resources: ["cachepools", "videocatalogs", "transcodeprofiles"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["whirlwind.dev"]
  resources: ["cachepools/status", "videocatalogs/status", "transcodeprofiles/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  # delete: growing storage re-creates the StatefulSet with orphan deletion.
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  # Read only: an auto profile's GPU pods that no node can take make it fall back to CPU pods.
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  # The admin-token Secret is created once and only ever gains owner references.
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  # Growing storage patches the claims of a pool.
  verbs: ["list", "get", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
