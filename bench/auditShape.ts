// The parts of an audit.k8s.io Event the hand-written baselines read, typed the way a JS program
// reading JSON.parse's result would see them. Baselines use plain property access on these.

export interface AuditContainer {
  image?: string;
  securityContext?: { privileged?: boolean };
}

export interface AuditJson {
  auditID?: string;
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  annotations?: Record<string, string>;
  requestObject?: {
    spec?: {
      containers?: AuditContainer[];
      initContainers?: AuditContainer[];
      ephemeralContainers?: AuditContainer[];
    };
  };
}
