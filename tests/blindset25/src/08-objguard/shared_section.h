// shared_section.h - named section mapped into system space so the
// user-mode overlay can read our counters with OpenFileMapping/MapViewOfFile
#pragma once

#include "kcpp.h"

class SharedSection {
public:
    SharedSection() : m_handle(nullptr), m_object(nullptr), m_view(nullptr), m_size(0) {}
    ~SharedSection() { Close(); }

    NTSTATUS Open(PCUNICODE_STRING name, SIZE_T size);
    void Close();

    template <typename T>
    T* As() const { return static_cast<T*>(m_view); }

    bool IsOpen() const { return m_view != nullptr; }

    SharedSection(const SharedSection&) = delete;
    SharedSection& operator=(const SharedSection&) = delete;

private:
    HANDLE m_handle;   // kernel handle from ZwCreateSection
    PVOID  m_object;   // referenced section object, needed for the system-space view
    PVOID  m_view;
    SIZE_T m_size;
};
