/*
 * ConnAudit - WFP inspection callouts on the ALE connect / accept layers.
 *
 * The callouts never change the verdict (FWP_ACTION_CONTINUE); they only
 * count classifications per layer. All BFE objects live in a dynamic
 * session so closing the engine handle removes them.
 */
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)      // nameless struct/union in fwpsk.h
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define CA_CALLOUT_COUNT    4

typedef struct _CA_CALLOUT_DESC {
    const GUID     *CalloutKey;
    const GUID     *LayerKey;
    PCWSTR          Name;
    UINT32          RuntimeId;
    BOOLEAN         Registered;
    UINT64          FilterId;
    volatile LONG64 Classifications;
} CA_CALLOUT_DESC, *PCA_CALLOUT_DESC;

extern CA_CALLOUT_DESC g_CaCallouts[CA_CALLOUT_COUNT];
extern const GUID      CA_SUBLAYER_KEY;

/* callouts.c */
NTSTATUS CaRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
VOID     CaUnregisterCallouts(VOID);
VOID     CaLogCounters(VOID);

/* bfe.c */
NTSTATUS CaInstallFilters(_Out_ HANDLE *EngineHandle);
