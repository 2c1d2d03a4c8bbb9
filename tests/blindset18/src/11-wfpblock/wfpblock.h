/*
 * wfpblock.h
 */
#pragma once

#define WB_TAG              'kBfW'
#define WB_DEFAULT_PORT     4444

// {1F6C8E2A-5B7D-4E39-A0C4-8D2F3B61E7A9}
DEFINE_GUID(WFPBLOCK_CALLOUT_CONNECT_V4,
    0x1f6c8e2a, 0x5b7d, 0x4e39, 0xa0, 0xc4, 0x8d, 0x2f, 0x3b, 0x61, 0xe7, 0xa9);

// {9A4B2C71-3D8E-4F60-B5A1-C7E9D0F2834B}
DEFINE_GUID(WFPBLOCK_SUBLAYER,
    0x9a4b2c71, 0x3d8e, 0x4f60, 0xb5, 0xa1, 0xc7, 0xe9, 0xd0, 0xf2, 0x83, 0x4b);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

void NTAPI
WbClassify(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER1* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    );

NTSTATUS NTAPI
WbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER1* filter
    );

void NTAPI
WbFlowDelete(
    _In_ UINT16 layerId,
    _In_ UINT32 calloutId,
    _In_ UINT64 flowContext
    );
