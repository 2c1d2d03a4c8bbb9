/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of the kit's <fwpmk.h>, which mingw-w64 lacks: the
 * Windows Filtering Platform's management routines in kernel mode. A callout
 * driver opens a session to the filter engine from its DriverEntry
 * (FwpmEngineOpen), adds its callouts, sublayers and filters in a
 * transaction, and closes the engine in its unload routine. Declarations as
 * Microsoft documents them (the unversioned names map to version 0, as the
 * kit's macros do); the layer, condition and sublayer identifiers are
 * declared as the GUID constants they are, without their values, which no
 * DriverEntry check reads. Not part of the preludes. */
#ifndef ENTRYCHECK_FWPMK_H
#define ENTRYCHECK_FWPMK_H

#include <entrycheck/fwp-types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RPC_C_AUTHN_NONE
#define RPC_C_AUTHN_NONE 0
#define RPC_C_AUTHN_WINNT 10
#define RPC_C_AUTHN_DEFAULT 0xffffffffL
#endif

typedef enum FWPM_SERVICE_STATE_ {
	FWPM_SERVICE_STOPPED,
	FWPM_SERVICE_START_PENDING,
	FWPM_SERVICE_STOP_PENDING,
	FWPM_SERVICE_RUNNING,
	FWPM_SERVICE_STATE_MAX
} FWPM_SERVICE_STATE;

typedef void (NTAPI *FWPM_SERVICE_STATE_CHANGE_CALLBACK0)(void *context, FWPM_SERVICE_STATE newState);

extern const GUID FWPM_LAYER_INBOUND_IPPACKET_V4;
extern const GUID FWPM_LAYER_INBOUND_IPPACKET_V6;
extern const GUID FWPM_LAYER_INBOUND_IPPACKET_DISCARD_V4;
extern const GUID FWPM_LAYER_INBOUND_IPPACKET_DISCARD_V6;
extern const GUID FWPM_LAYER_OUTBOUND_IPPACKET_V4;
extern const GUID FWPM_LAYER_OUTBOUND_IPPACKET_V6;
extern const GUID FWPM_LAYER_OUTBOUND_IPPACKET_DISCARD_V4;
extern const GUID FWPM_LAYER_OUTBOUND_IPPACKET_DISCARD_V6;
extern const GUID FWPM_LAYER_IPFORWARD_V4;
extern const GUID FWPM_LAYER_IPFORWARD_V6;
extern const GUID FWPM_LAYER_IPFORWARD_DISCARD_V4;
extern const GUID FWPM_LAYER_IPFORWARD_DISCARD_V6;
extern const GUID FWPM_LAYER_INBOUND_TRANSPORT_V4;
extern const GUID FWPM_LAYER_INBOUND_TRANSPORT_V6;
extern const GUID FWPM_LAYER_INBOUND_TRANSPORT_DISCARD_V4;
extern const GUID FWPM_LAYER_INBOUND_TRANSPORT_DISCARD_V6;
extern const GUID FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
extern const GUID FWPM_LAYER_OUTBOUND_TRANSPORT_V6;
extern const GUID FWPM_LAYER_OUTBOUND_TRANSPORT_DISCARD_V4;
extern const GUID FWPM_LAYER_OUTBOUND_TRANSPORT_DISCARD_V6;
extern const GUID FWPM_LAYER_STREAM_V4;
extern const GUID FWPM_LAYER_STREAM_V6;
extern const GUID FWPM_LAYER_STREAM_DISCARD_V4;
extern const GUID FWPM_LAYER_STREAM_DISCARD_V6;
extern const GUID FWPM_LAYER_DATAGRAM_DATA_V4;
extern const GUID FWPM_LAYER_DATAGRAM_DATA_V6;
extern const GUID FWPM_LAYER_DATAGRAM_DATA_DISCARD_V4;
extern const GUID FWPM_LAYER_DATAGRAM_DATA_DISCARD_V6;
extern const GUID FWPM_LAYER_INBOUND_ICMP_ERROR_V4;
extern const GUID FWPM_LAYER_INBOUND_ICMP_ERROR_V6;
extern const GUID FWPM_LAYER_INBOUND_ICMP_ERROR_DISCARD_V4;
extern const GUID FWPM_LAYER_INBOUND_ICMP_ERROR_DISCARD_V6;
extern const GUID FWPM_LAYER_OUTBOUND_ICMP_ERROR_V4;
extern const GUID FWPM_LAYER_OUTBOUND_ICMP_ERROR_V6;
extern const GUID FWPM_LAYER_OUTBOUND_ICMP_ERROR_DISCARD_V4;
extern const GUID FWPM_LAYER_OUTBOUND_ICMP_ERROR_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_RESOURCE_ASSIGNMENT_V4;
extern const GUID FWPM_LAYER_ALE_RESOURCE_ASSIGNMENT_V6;
extern const GUID FWPM_LAYER_ALE_RESOURCE_ASSIGNMENT_DISCARD_V4;
extern const GUID FWPM_LAYER_ALE_RESOURCE_ASSIGNMENT_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_LISTEN_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_LISTEN_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_LISTEN_DISCARD_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_LISTEN_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_DISCARD_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_CONNECT_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_CONNECT_V6;
extern const GUID FWPM_LAYER_ALE_AUTH_CONNECT_DISCARD_V4;
extern const GUID FWPM_LAYER_ALE_AUTH_CONNECT_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
extern const GUID FWPM_LAYER_ALE_FLOW_ESTABLISHED_V6;
extern const GUID FWPM_LAYER_ALE_FLOW_ESTABLISHED_DISCARD_V4;
extern const GUID FWPM_LAYER_ALE_FLOW_ESTABLISHED_DISCARD_V6;
extern const GUID FWPM_LAYER_ALE_RESOURCE_RELEASE_V4;
extern const GUID FWPM_LAYER_ALE_RESOURCE_RELEASE_V6;
extern const GUID FWPM_LAYER_ALE_ENDPOINT_CLOSURE_V4;
extern const GUID FWPM_LAYER_ALE_ENDPOINT_CLOSURE_V6;
extern const GUID FWPM_LAYER_ALE_CONNECT_REDIRECT_V4;
extern const GUID FWPM_LAYER_ALE_CONNECT_REDIRECT_V6;
extern const GUID FWPM_LAYER_ALE_BIND_REDIRECT_V4;
extern const GUID FWPM_LAYER_ALE_BIND_REDIRECT_V6;
extern const GUID FWPM_LAYER_STREAM_PACKET_V4;
extern const GUID FWPM_LAYER_STREAM_PACKET_V6;
extern const GUID FWPM_CONDITION_IP_LOCAL_ADDRESS;
extern const GUID FWPM_CONDITION_IP_REMOTE_ADDRESS;
extern const GUID FWPM_CONDITION_IP_SOURCE_ADDRESS;
extern const GUID FWPM_CONDITION_IP_DESTINATION_ADDRESS;
extern const GUID FWPM_CONDITION_IP_LOCAL_ADDRESS_TYPE;
extern const GUID FWPM_CONDITION_IP_DESTINATION_ADDRESS_TYPE;
extern const GUID FWPM_CONDITION_IP_NEXTHOP_ADDRESS;
extern const GUID FWPM_CONDITION_IP_LOCAL_INTERFACE;
extern const GUID FWPM_CONDITION_IP_ARRIVAL_INTERFACE;
extern const GUID FWPM_CONDITION_IP_NEXTHOP_INTERFACE;
extern const GUID FWPM_CONDITION_IP_FORWARD_INTERFACE;
extern const GUID FWPM_CONDITION_IP_LOCAL_PORT;
extern const GUID FWPM_CONDITION_IP_REMOTE_PORT;
extern const GUID FWPM_CONDITION_IP_PROTOCOL;
extern const GUID FWPM_CONDITION_IP_SOURCE_PORT;
extern const GUID FWPM_CONDITION_IP_DESTINATION_PORT;
extern const GUID FWPM_CONDITION_ICMP_TYPE;
extern const GUID FWPM_CONDITION_ICMP_CODE;
extern const GUID FWPM_CONDITION_FLAGS;
extern const GUID FWPM_CONDITION_DIRECTION;
extern const GUID FWPM_CONDITION_INTERFACE_INDEX;
extern const GUID FWPM_CONDITION_SUB_INTERFACE_INDEX;
extern const GUID FWPM_CONDITION_INTERFACE_TYPE;
extern const GUID FWPM_CONDITION_TUNNEL_TYPE;
extern const GUID FWPM_CONDITION_COMPARTMENT_ID;
extern const GUID FWPM_CONDITION_ALE_APP_ID;
extern const GUID FWPM_CONDITION_ALE_ORIGINAL_APP_ID;
extern const GUID FWPM_CONDITION_ALE_USER_ID;
extern const GUID FWPM_CONDITION_ALE_REMOTE_USER_ID;
extern const GUID FWPM_CONDITION_ALE_REMOTE_MACHINE_ID;
extern const GUID FWPM_CONDITION_ALE_PROMISCUOUS_MODE;
extern const GUID FWPM_CONDITION_ALE_PACKAGE_ID;
extern const GUID FWPM_CONDITION_ALE_SIO_FIREWALL_SYSTEM_PORT;
extern const GUID FWPM_CONDITION_EMBEDDED_LOCAL_ADDRESS_TYPE;
extern const GUID FWPM_CONDITION_EMBEDDED_REMOTE_ADDRESS;
extern const GUID FWPM_CONDITION_EMBEDDED_PROTOCOL;
extern const GUID FWPM_CONDITION_EMBEDDED_LOCAL_PORT;
extern const GUID FWPM_CONDITION_EMBEDDED_REMOTE_PORT;
extern const GUID FWPM_SUBLAYER_UNIVERSAL;
extern const GUID FWPM_SUBLAYER_INSPECTION;
extern const GUID FWPM_SUBLAYER_SECURE_SOCKET;

NTSTATUS NTAPI FwpmEngineOpen0(const wchar_t *serverName, UINT32 authnService, PVOID authIdentity,
			       const FWPM_SESSION0 *session, HANDLE *engineHandle);
NTSTATUS NTAPI FwpmEngineClose0(HANDLE engineHandle);
NTSTATUS NTAPI FwpmTransactionBegin0(HANDLE engineHandle, UINT32 flags);
NTSTATUS NTAPI FwpmTransactionCommit0(HANDLE engineHandle);
NTSTATUS NTAPI FwpmTransactionAbort0(HANDLE engineHandle);
NTSTATUS NTAPI FwpmProviderAdd0(HANDLE engineHandle, const FWPM_PROVIDER0 *provider, PSECURITY_DESCRIPTOR sd);
NTSTATUS NTAPI FwpmProviderDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS NTAPI FwpmProviderContextAdd0(HANDLE engineHandle, const FWPM_PROVIDER_CONTEXT0 *providerContext,
				       PSECURITY_DESCRIPTOR sd, UINT64 *id);
NTSTATUS NTAPI FwpmProviderContextDeleteById0(HANDLE engineHandle, UINT64 id);
NTSTATUS NTAPI FwpmProviderContextDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS NTAPI FwpmSubLayerAdd0(HANDLE engineHandle, const FWPM_SUBLAYER0 *subLayer, PSECURITY_DESCRIPTOR sd);
NTSTATUS NTAPI FwpmSubLayerDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS NTAPI FwpmCalloutAdd0(HANDLE engineHandle, const FWPM_CALLOUT0 *callout, PSECURITY_DESCRIPTOR sd,
			       UINT32 *id);
NTSTATUS NTAPI FwpmCalloutDeleteById0(HANDLE engineHandle, UINT32 id);
NTSTATUS NTAPI FwpmCalloutDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS NTAPI FwpmFilterAdd0(HANDLE engineHandle, const FWPM_FILTER0 *filter, PSECURITY_DESCRIPTOR sd, UINT64 *id);
NTSTATUS NTAPI FwpmFilterDeleteById0(HANDLE engineHandle, UINT64 id);
NTSTATUS NTAPI FwpmFilterDeleteByKey0(HANDLE engineHandle, const GUID *key);
NTSTATUS NTAPI FwpmFilterCreateEnumHandle0(HANDLE engineHandle, const FWPM_FILTER_ENUM_TEMPLATE0 *enumTemplate,
					   HANDLE *enumHandle);
NTSTATUS NTAPI FwpmFilterEnum0(HANDLE engineHandle, HANDLE enumHandle, UINT32 numEntriesRequested,
			       FWPM_FILTER0 ***entries, UINT32 *numEntriesReturned);
NTSTATUS NTAPI FwpmFilterDestroyEnumHandle0(HANDLE engineHandle, HANDLE enumHandle);
void NTAPI FwpmFreeMemory0(void **p);
FWPM_SERVICE_STATE NTAPI FwpmBfeStateGet0(void);
NTSTATUS NTAPI FwpmBfeStateSubscribeChanges0(void *deviceObject, FWPM_SERVICE_STATE_CHANGE_CALLBACK0 callback,
					     void *context, HANDLE *changeHandle);
NTSTATUS NTAPI FwpmBfeStateUnsubscribeChanges0(HANDLE changeHandle);

#define FwpmEngineOpen FwpmEngineOpen0
#define FwpmEngineClose FwpmEngineClose0
#define FwpmTransactionBegin FwpmTransactionBegin0
#define FwpmTransactionCommit FwpmTransactionCommit0
#define FwpmTransactionAbort FwpmTransactionAbort0
#define FwpmProviderAdd FwpmProviderAdd0
#define FwpmProviderDeleteByKey FwpmProviderDeleteByKey0
#define FwpmProviderContextAdd FwpmProviderContextAdd0
#define FwpmProviderContextDeleteById FwpmProviderContextDeleteById0
#define FwpmProviderContextDeleteByKey FwpmProviderContextDeleteByKey0
#define FwpmSubLayerAdd FwpmSubLayerAdd0
#define FwpmSubLayerDeleteByKey FwpmSubLayerDeleteByKey0
#define FwpmCalloutAdd FwpmCalloutAdd0
#define FwpmCalloutDeleteById FwpmCalloutDeleteById0
#define FwpmCalloutDeleteByKey FwpmCalloutDeleteByKey0
#define FwpmFilterAdd FwpmFilterAdd0
#define FwpmFilterDeleteById FwpmFilterDeleteById0
#define FwpmFilterDeleteByKey FwpmFilterDeleteByKey0
#define FwpmFilterCreateEnumHandle FwpmFilterCreateEnumHandle0
#define FwpmFilterEnum FwpmFilterEnum0
#define FwpmFilterDestroyEnumHandle FwpmFilterDestroyEnumHandle0
#define FwpmFreeMemory FwpmFreeMemory0
#define FwpmBfeStateGet FwpmBfeStateGet0
#define FwpmBfeStateSubscribeChanges FwpmBfeStateSubscribeChanges0
#define FwpmBfeStateUnsubscribeChanges FwpmBfeStateUnsubscribeChanges0

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_FWPMK_H */
