/*
 * wfplog.h - wfplog: logs outbound connection attempts (ALE connect layer).
 */
#pragma once

#define NDIS630
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <initguid.h>
#include "guids.h"

#define WL_TAG 'gLfW'

#define WL_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wfplog: " fmt "\n", __VA_ARGS__)

extern PDEVICE_OBJECT g_WfpDevice;
extern HANDLE g_Engine;
extern UINT32 g_CalloutIdV4;
extern UINT32 g_CalloutIdV6;

NTSTATUS WlRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
NTSTATUS WlAddFilters(_In_ HANDLE Engine);
