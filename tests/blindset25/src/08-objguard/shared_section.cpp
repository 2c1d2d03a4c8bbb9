// shared_section.cpp
#include "shared_section.h"

NTSTATUS SharedSection::Open(PCUNICODE_STRING name, SIZE_T size)
{
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER maxSize;
    NTSTATUS status;

    maxSize.QuadPart = static_cast<LONGLONG>(size);
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(name),
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    status = ZwCreateSection(&m_handle, SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_QUERY,
                             &oa, &maxSize, PAGE_READWRITE, SEC_COMMIT, nullptr);
    if (!NT_SUCCESS(status)) {
        m_handle = nullptr;
        return status;
    }

    status = ObReferenceObjectByHandle(m_handle, SECTION_MAP_READ | SECTION_MAP_WRITE,
                                       nullptr, KernelMode, &m_object, nullptr);
    if (!NT_SUCCESS(status)) {
        m_object = nullptr;
        Close();
        return status;
    }

    m_size = size;
    status = MmMapViewInSystemSpace(m_object, &m_view, &m_size);
    if (!NT_SUCCESS(status)) {
        m_view = nullptr;
        Close();
        return status;
    }

    RtlZeroMemory(m_view, m_size);
    return STATUS_SUCCESS;
}

void SharedSection::Close()
{
    if (m_view != nullptr) {
        MmUnmapViewInSystemSpace(m_view);
        m_view = nullptr;
    }
    m_object = nullptr;
    if (m_handle != nullptr) {
        ZwClose(m_handle);
        m_handle = nullptr;
    }
    m_size = 0;
}
