#pragma once
#include <ntddk.h>

#define DRV_TAG 'qkrW'

//
// kernel new/delete on top of ExAllocatePool2 (memory comes back zeroed)
//
void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag = DRV_TAG);
void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag = DRV_TAG);
void  __cdecl operator delete(void* p);
void  __cdecl operator delete(void* p, size_t size);
void  __cdecl operator delete[](void* p);
void  __cdecl operator delete[](void* p, size_t size);

#define WQ_LOG(fmt, ...)    DbgPrint("[workq] " fmt "\n", __VA_ARGS__)

#define CHECK_NT(expr, label)                                       \
    do {                                                            \
        status = (expr);                                            \
        if (!NT_SUCCESS(status)) {                                  \
            WQ_LOG("%s failed 0x%08X (line %d)", #expr, status, __LINE__); \
            goto label;                                             \
        }                                                           \
    } while (0)
