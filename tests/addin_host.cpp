// A stand-in for the 1C:Enterprise platform, written for this project from the Native API's
// ABI facts: it dlopens the add-in library and drives it through real C++ virtual calls, the
// way the platform does, so that a wrong vtable layout, calling convention or ownership rule
// shows up here as a crash, a wrong answer or a leak (under valgrind).
//
// Every string the add-in hands over is checked against the platform SDK's convention: not
// NULL, in the platform's memory (the host knows each block's size), a NUL after its length.
// The count of those that are not is printed with "stats" and at the end ("malformed=N").
//
// Usage: addin_host LIBRARY < commands
// It reads one command per line from stdin and answers each with lines ending in "end", so a
// test can drive it interactively. Texts travel as hex of UTF-16 code units (4 digits each),
// so that any text, broken UTF-16 included, passes through unchanged. At end of input it calls
// Done and DestroyObject and prints "final allocs=N frees=N errors=N".
//
// Commands (NAME is a hex text, ARG is one of w:HEX (String), s:HEXBYTES (narrow string),
// x:HEXBYTES (BinaryData: a BLOB of those bytes, "x:" for none), i:N (I4), l:N (I8), d:X (R8),
// f:X (R4), b:0|1 (Boolean), t:X (Date as an OLE day count), m:YYYY-MM-DDTHH:MM:SS (Date as
// the platform passes it: VTYPE_TM), e (Undefined), n (Null)):
//   describe                  every method and property with both names, looked up again
//   find NAME                 FindMethod and FindProp
//   call NAME ARG...          CallAsFunc;  proc NAME ARG...  CallAsProc
//   get NAME                  GetPropVal;  set NAME ARG      SetPropVal
//   stats                     allocation and AddError counts so far
//   threads N CALLS URL DIALOG   N threads, each with its own object, CALLS SendMessage calls
//                                each to dialog DIALOG<thread>; counts answers with "result"

#include <dlfcn.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

typedef char16_t WCHAR_T;

// tVariant: a union (largest member struct tm), then cbElements, then the type code.
struct tVariant {
    union {
        int8_t i8Val;
        int16_t shortVal;
        int32_t lVal;
        int64_t llVal;
        float fltVal;
        double dblVal;
        bool bVal;
        struct tm tmVal;
        struct {
            char *pstrVal;
            uint32_t strLen;
        } str;
        struct {
            WCHAR_T *pwstrVal;
            uint32_t wstrLen;
        } wstr;
    };
    uint32_t cbElements;
    uint16_t vt;
};
static_assert(sizeof(tVariant) == 64, "tVariant is 64 bytes on x86_64 Linux");
static_assert(offsetof(tVariant, cbElements) == 56, "cbElements at 56");
static_assert(offsetof(tVariant, vt) == 60, "vt at 60");

enum : uint16_t {
    VT_EMPTY = 0, VT_NULL = 1, VT_I4 = 3, VT_R4 = 4, VT_R8 = 5, VT_DATE = 6, VT_TM = 7, VT_PSTR = 8,
    VT_BOOL = 11, VT_I8 = 17, VT_PWSTR = 22, VT_BLOB = 23
};

// The four interfaces of an add-in object, in the order IComponentBase derives from them.
class IInitDoneBase {
public:
    virtual ~IInitDoneBase() {}
    virtual bool Init(void *connection) = 0;
    virtual bool setMemManager(void *memory) = 0;
    virtual long GetInfo() = 0;
    virtual void Done() = 0;
};

class ILanguageExtenderBase {
public:
    virtual ~ILanguageExtenderBase() {}
    virtual bool RegisterExtensionAs(WCHAR_T **name) = 0;
    virtual long GetNProps() = 0;
    virtual long FindProp(const WCHAR_T *name) = 0;
    virtual const WCHAR_T *GetPropName(long num, long alias) = 0;
    virtual bool GetPropVal(long num, tVariant *value) = 0;
    virtual bool SetPropVal(long num, tVariant *value) = 0;
    virtual bool IsPropReadable(long num) = 0;
    virtual bool IsPropWritable(long num) = 0;
    virtual long GetNMethods() = 0;
    virtual long FindMethod(const WCHAR_T *name) = 0;
    virtual const WCHAR_T *GetMethodName(long num, long alias) = 0;
    virtual long GetNParams(long method) = 0;
    virtual bool GetParamDefValue(long method, long param, tVariant *value) = 0;
    virtual bool HasRetVal(long method) = 0;
    virtual bool CallAsProc(long method, tVariant *params, long count) = 0;
    virtual bool CallAsFunc(long method, tVariant *ret, tVariant *params, long count) = 0;
};

class LocaleBase {
public:
    virtual ~LocaleBase() {}
    virtual void SetLocale(const WCHAR_T *locale) = 0;
};

class UserLanguageBase {
public:
    virtual ~UserLanguageBase() {}
    virtual void SetUserInterfaceLanguageCode(const WCHAR_T *code) = 0;
};

class IComponentBase : public IInitDoneBase, public ILanguageExtenderBase, public LocaleBase,
                       public UserLanguageBase {
public:
    virtual ~IComponentBase() {}
};

// The platform's memory manager; it counts, so that the test can check every answer is freed,
// and knows each block's size, so that the host can check a string's NUL is inside its block.
class IMemoryManager {
public:
    virtual ~IMemoryManager() {}
    virtual bool AllocMemory(void **memory, unsigned long bytes) = 0;
    virtual void FreeMemory(void **memory) = 0;
};

class CountingMemory : public IMemoryManager {
public:
    std::atomic<long> allocs{0}, frees{0};
    std::mutex lock;
    std::map<void *, unsigned long> sizes;
    bool AllocMemory(void **memory, unsigned long bytes) override {
        *memory = malloc(bytes ? bytes : 1);
        if (*memory) {
            allocs++;
            std::lock_guard<std::mutex> guard(lock);
            sizes[*memory] = bytes;
        }
        return *memory != nullptr;
    }
    void FreeMemory(void **memory) override {
        if (*memory) {
            frees++;
            {
                std::lock_guard<std::mutex> guard(lock);
                sizes.erase(*memory);
            }
            free(*memory);
            *memory = nullptr;
        }
    }
    // The size of a block this manager handed out, 0 for any other pointer.
    unsigned long size_of(const void *memory) {
        std::lock_guard<std::mutex> guard(lock);
        auto found = sizes.find(const_cast<void *>(memory));
        return found == sizes.end() ? 0 : found->second;
    }
};

// The connection (IAddInDefBase) with the platform's method order; only AddError does anything.
class IAddInDefBase {
public:
    virtual ~IAddInDefBase() {}
    virtual bool AddError(unsigned short code, const WCHAR_T *source, const WCHAR_T *description,
                          long scode) = 0;
    virtual bool Read(WCHAR_T *name, tVariant *value, long *error, WCHAR_T **description) = 0;
    virtual bool Write(WCHAR_T *name, tVariant *value) = 0;
    virtual bool RegisterProfileAs(WCHAR_T *name) = 0;
    virtual bool SetEventBufferDepth(long depth) = 0;
    virtual long GetEventBufferDepth() = 0;
    virtual bool ExternalEvent(WCHAR_T *source, WCHAR_T *message, WCHAR_T *data) = 0;
    virtual void CleanEventBuffer() = 0;
    virtual bool SetStatusLine(WCHAR_T *line) = 0;
    virtual void ResetStatusLine() = 0;
};

static std::u16string copy_text(const WCHAR_T *text) {
    std::u16string out;
    if (text)
        for (; *text; ++text) out.push_back(*text);
    return out;
}

class RecordingConnection : public IAddInDefBase {
public:
    long errors = 0;
    unsigned short last_code = 0;
    std::u16string last_source, last_description;
    bool AddError(unsigned short code, const WCHAR_T *source, const WCHAR_T *description,
                  long) override {
        errors++;
        last_code = code;
        last_source = copy_text(source);
        last_description = copy_text(description);
        return true;
    }
    bool Read(WCHAR_T *, tVariant *, long *, WCHAR_T **) override { return false; }
    bool Write(WCHAR_T *, tVariant *) override { return false; }
    bool RegisterProfileAs(WCHAR_T *) override { return false; }
    bool SetEventBufferDepth(long) override { return false; }
    long GetEventBufferDepth() override { return 0; }
    bool ExternalEvent(WCHAR_T *, WCHAR_T *, WCHAR_T *) override { return false; }
    void CleanEventBuffer() override {}
    bool SetStatusLine(WCHAR_T *) override { return false; }
    void ResetStatusLine() override {}
};

typedef long (*GetClassObjectFn)(const WCHAR_T *, IComponentBase **);
typedef long (*DestroyObjectFn)(IComponentBase **);
typedef const WCHAR_T *(*GetClassNamesFn)();
typedef int (*SetPlatformCapabilitiesFn)(int);
typedef int (*GetAttachTypeFn)();

static GetClassObjectFn get_class_object;
static DestroyObjectFn destroy_object;
static CountingMemory memory;
// Strings handed over against the platform SDK's convention (NULL, outside the platform's
// memory, or without a NUL after their length), with the first one's description.
static std::atomic<long> malformed{0};
static std::mutex malformed_lock;
static std::string first_malformed;

static void note_malformed(const std::string &what) {
    malformed++;
    std::lock_guard<std::mutex> guard(malformed_lock);
    if (first_malformed.empty()) first_malformed = what;
}

// A text of `units` units the add-in handed over must be followed by a NUL inside its block.
static void check_string(const char *what, const WCHAR_T *text, size_t units) {
    if (!text) return note_malformed(std::string(what) + ":null");
    unsigned long bytes = memory.size_of(text);
    if (bytes == 0) return note_malformed(std::string(what) + ":not-platform-memory");
    if (bytes < (units + 1) * sizeof(WCHAR_T) || text[units] != 0)
        note_malformed(std::string(what) + ":no-nul");
}

static std::string hex(const std::u16string &text) {
    std::string out;
    char unit[5];
    for (char16_t c : text) {
        snprintf(unit, sizeof unit, "%04X", (unsigned)c);
        out += unit;
    }
    return out.empty() ? "-" : out;
}

static std::u16string unhex(const std::string &text) {
    std::u16string out;
    if (text == "-") return out;
    for (size_t i = 0; i + 4 <= text.size(); i += 4)
        out.push_back((char16_t)strtoul(text.substr(i, 4).c_str(), nullptr, 16));
    return out;
}

static std::string unhex_bytes(const std::string &text) {
    std::string out;
    for (size_t i = 0; i + 2 <= text.size(); i += 2)
        out.push_back((char)strtoul(text.substr(i, 2).c_str(), nullptr, 16));
    return out;
}

// A name the add-in returned: read up to the NUL (valgrind catches a missing one), then free.
static std::string take_name(const WCHAR_T *name) {
    if (!name) return "null";
    unsigned long bytes = memory.size_of(name);
    size_t units = 0;
    while ((units + 1) * sizeof(WCHAR_T) <= bytes && name[units] != 0) units++;
    if ((units + 1) * sizeof(WCHAR_T) > bytes) return note_malformed("name:no-nul"), "malformed";
    std::string out = hex(copy_text(name));
    void *p = (void *)name;
    memory.FreeMemory(&p);
    return out;
}

// A value the add-in returned, read and its memory freed, as the platform does.
struct Taken {
    int vt = VT_EMPTY;
    std::u16string text;  // a String's text
    std::string value;    // how it prints: hex of a String, a number, or empty
    std::string show() const {
        return "vt=" + std::to_string(vt) + (value.empty() ? "" : " value=" + value);
    }
};

static Taken take(tVariant &variant) {
    Taken out;
    out.vt = variant.vt;
    switch (variant.vt) {
    case VT_PWSTR: {
        check_string("string", variant.wstr.pwstrVal, variant.wstr.wstrLen);
        if (variant.wstr.pwstrVal) out.text.assign(variant.wstr.pwstrVal, variant.wstr.wstrLen);
        out.value = hex(out.text);
        void *p = variant.wstr.pwstrVal;
        memory.FreeMemory(&p);
        break;
    }
    case VT_PSTR:
    case VT_BLOB: {
        void *p = variant.str.pstrVal;
        memory.FreeMemory(&p);
        break;
    }
    case VT_I4: out.value = std::to_string(variant.lVal); break;
    case VT_R8: {
        char number[64];
        snprintf(number, sizeof number, "%.17g", variant.dblVal);
        out.value = number;
        break;
    }
    case VT_BOOL: out.value = variant.bVal ? "1" : "0"; break;
    }
    variant.vt = VT_EMPTY;
    return out;
}

// Arguments as the platform passes them: in memory of the caller, freed by the caller.
struct Args {
    std::vector<tVariant> values;
    std::vector<std::u16string> wide;
    std::vector<std::string> narrow;

    explicit Args(const std::vector<std::string> &tokens) {
        wide.reserve(tokens.size());
        narrow.reserve(tokens.size());
        for (const std::string &token : tokens) {
            tVariant v;
            memset(&v, 0, sizeof v);
            std::string kind = token.substr(0, 1), rest = token.size() > 2 ? token.substr(2) : "";
            if (kind == "w") {
                wide.push_back(unhex(rest));
                v.vt = VT_PWSTR;
                v.wstr.pwstrVal = &wide.back()[0];
                v.wstr.wstrLen = (uint32_t)wide.back().size();
            } else if (kind == "s") {
                narrow.push_back(unhex_bytes(rest));
                v.vt = VT_PSTR;
                v.str.pstrVal = &narrow.back()[0];
                v.str.strLen = (uint32_t)narrow.back().size();
            } else if (kind == "x") {
                // BinaryData: the bytes behind pstrVal, their count in strLen; no terminator.
                narrow.push_back(unhex_bytes(rest));
                v.vt = VT_BLOB;
                v.str.pstrVal = narrow.back().empty() ? nullptr : &narrow.back()[0];
                v.str.strLen = (uint32_t)narrow.back().size();
            } else if (kind == "i") {
                v.vt = VT_I4;
                v.lVal = (int32_t)strtol(rest.c_str(), nullptr, 10);
            } else if (kind == "l") {
                v.vt = VT_I8;
                v.llVal = strtoll(rest.c_str(), nullptr, 10);
            } else if (kind == "d") {
                v.vt = VT_R8;
                v.dblVal = strtod(rest.c_str(), nullptr);
            } else if (kind == "f") {
                v.vt = VT_R4;
                v.fltVal = strtof(rest.c_str(), nullptr);
            } else if (kind == "b") {
                v.vt = VT_BOOL;
                v.bVal = rest == "1";
            } else if (kind == "t") {
                v.vt = VT_DATE;
                v.dblVal = strtod(rest.c_str(), nullptr);
            } else if (kind == "m") {
                v.vt = VT_TM;
                int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
                sscanf(rest.c_str(), "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute, &second);
                v.tmVal.tm_year = year - 1900;
                v.tmVal.tm_mon = month - 1;
                v.tmVal.tm_mday = day;
                v.tmVal.tm_hour = hour;
                v.tmVal.tm_min = minute;
                v.tmVal.tm_sec = second;
            } else if (kind == "n") {
                v.vt = VT_NULL;
            } else {
                v.vt = VT_EMPTY;
            }
            values.push_back(v);
        }
    }
};

static std::u16string from_ascii(const char *text) {
    std::u16string out;
    for (; *text; ++text) out.push_back((char16_t)*text);
    return out;
}

static IComponentBase *create(RecordingConnection &connection, const std::u16string &class_name) {
    IComponentBase *object = nullptr;
    if (!get_class_object(class_name.c_str(), &object) || !object) return nullptr;
    if (!object->Init(&connection) || !object->setMemManager(&memory)) return nullptr;
    return object;
}

static void destroy(IComponentBase *object) {
    object->Done();
    if (destroy_object(&object) != 0 || object != nullptr) {
        fprintf(stderr, "DestroyObject failed or did not clear the pointer\n");
        exit(2);
    }
}

static std::string error_part(const RecordingConnection &connection) {
    return " errors=" + std::to_string(connection.errors) +
           " error=" + hex(connection.last_description) +
           " error_code=" + std::to_string(connection.last_code);
}

// The platform always passes GetNParams values: those the 1C code left out are filled from
// GetParamDefValue (EMPTY where it gives none). Returns how many were given, so that
// release_defaults can free the strings the add-in allocated for the rest.
static size_t complete(IComponentBase *object, long method, Args &args) {
    size_t given = args.values.size();
    for (long p = (long)given; p < object->GetNParams(method); p++) {
        tVariant value;
        memset(&value, 0, sizeof value);
        if (!object->GetParamDefValue(method, p, &value)) value.vt = VT_EMPTY;
        args.values.push_back(value);
    }
    return given;
}

static void release_defaults(Args &args, size_t given) {
    for (size_t p = given; p < args.values.size(); p++) take(args.values[p]);
}

static void describe(IComponentBase *object) {
    long methods = object->GetNMethods(), props = object->GetNProps();
    printf("counts methods=%ld props=%ld\n", methods, props);
    for (long i = 0; i < methods; i++) {
        std::string en = take_name(object->GetMethodName(i, 0));
        std::string ru = take_name(object->GetMethodName(i, 1));
        long params = object->GetNParams(i);
        std::string defaults;
        for (long p = 0; p < params; p++) {
            tVariant value;
            memset(&value, 0, sizeof value);
            bool ok = object->GetParamDefValue(i, p, &value);
            Taken taken = take(value);
            defaults += (p ? ";" : "") + std::string(ok ? "1" : "0") + ":" +
                        std::to_string(taken.vt) + ":" + (taken.value.empty() ? "-" : taken.value);
        }
        printf("method i=%ld en=%s ru=%s nparams=%ld retval=%d defaults=%s\n", i, en.c_str(),
               ru.c_str(), params, object->HasRetVal(i) ? 1 : 0,
               defaults.empty() ? "-" : defaults.c_str());
    }
    for (long i = 0; i < props; i++) {
        std::string en = take_name(object->GetPropName(i, 0));
        std::string ru = take_name(object->GetPropName(i, 1));
        printf("prop i=%ld en=%s ru=%s readable=%d writable=%d\n", i, en.c_str(), ru.c_str(),
               object->IsPropReadable(i) ? 1 : 0, object->IsPropWritable(i) ? 1 : 0);
    }
    // Out of range asks get nothing, not a crash.
    printf("outside method_name=%s prop_name=%s alias_name=%s\n",
           take_name(object->GetMethodName(methods, 0)).c_str(),
           take_name(object->GetPropName(props, 0)).c_str(),
           take_name(object->GetMethodName(0, 2)).c_str());
}

// One thread's work: its own object and connection, the shared memory manager.
static void send_many(long thread, long calls, std::u16string url, std::u16string dialog,
                      std::atomic<long> *ok, std::atomic<long> *failed, std::mutex *lock,
                      std::string *first_failure) {
    RecordingConnection connection;
    IComponentBase *object = create(connection, from_ascii("Bitrix24"));
    if (!object) {
        *failed += calls;
        return;
    }
    long send = object->FindMethod(u"ОтправитьСообщение");
    for (long k = 0; k < calls; k++) {
        std::vector<std::string> tokens = {
            "w:" + hex(url), "w:" + hex(dialog + from_ascii(std::to_string(thread).c_str())),
            "w:" + hex(from_ascii(("thread " + std::to_string(thread) + " message " +
                                   std::to_string(k)).c_str()))};
        Args args(tokens);
        size_t given = complete(object, send, args);
        tVariant ret;
        memset(&ret, 0, sizeof ret);
        bool called = object->CallAsFunc(send, &ret, args.values.data(), (long)args.values.size());
        release_defaults(args, given);
        Taken answer = take(ret);
        if (called && answer.text.find(u"\"result\"") != std::u16string::npos) {
            (*ok)++;
        } else {
            (*failed)++;
            std::lock_guard<std::mutex> guard(*lock);
            if (first_failure->empty()) *first_failure = hex(answer.text);
        }
    }
    destroy(object);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: addin_host LIBRARY < commands\n");
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 2;
    }
    get_class_object = (GetClassObjectFn)dlsym(library, "GetClassObject");
    destroy_object = (DestroyObjectFn)dlsym(library, "DestroyObject");
    GetClassNamesFn get_class_names = (GetClassNamesFn)dlsym(library, "GetClassNames");
    SetPlatformCapabilitiesFn set_capabilities =
        (SetPlatformCapabilitiesFn)dlsym(library, "SetPlatformCapabilities");
    GetAttachTypeFn get_attach_type = (GetAttachTypeFn)dlsym(library, "GetAttachType");
    if (!get_class_object || !destroy_object || !get_class_names || !set_capabilities ||
        !get_attach_type) {
        fprintf(stderr, "an entry point is missing\n");
        return 2;
    }
    setvbuf(stdout, nullptr, _IOLBF, 0);

    int capabilities = set_capabilities(3);
    std::u16string classes = copy_text(get_class_names());
    IComponentBase *unknown = nullptr;
    long made_unknown = get_class_object(u"NoSuchClass", &unknown);
    RecordingConnection connection;
    IComponentBase *object = create(connection, classes);
    if (!object) {
        fprintf(stderr, "GetClassObject, Init or setMemManager failed\n");
        return 2;
    }
    object->SetLocale(u"ru_RU");
    object->SetUserInterfaceLanguageCode(u"ru");
    WCHAR_T *extension = nullptr;
    bool registered = object->RegisterExtensionAs(&extension);
    printf("start classes=%s extension=%s registered=%d info=%ld attach=%d caps=%d unknown=%ld\nend\n",
           hex(classes).c_str(), take_name(extension).c_str(), registered ? 1 : 0,
           object->GetInfo(), get_attach_type(), capabilities, made_unknown);

    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream words(line);
        std::string command, name;
        std::vector<std::string> tokens;
        words >> command;
        if (command != "describe" && command != "stats") words >> name;
        for (std::string token; words >> token;) tokens.push_back(token);
        std::u16string wide_name = unhex(name);

        if (command == "describe") {
            describe(object);
        } else if (command == "find") {
            printf("found method=%ld prop=%ld\n", object->FindMethod(wide_name.c_str()),
                   object->FindProp(wide_name.c_str()));
        } else if (command == "call" || command == "proc") {
            long method = object->FindMethod(wide_name.c_str());
            Args args(tokens);
            size_t given = complete(object, method, args);
            tVariant ret;
            memset(&ret, 0, sizeof ret);
            bool ok = command == "call"
                          ? object->CallAsFunc(method, &ret, args.values.data(), (long)args.values.size())
                          : object->CallAsProc(method, args.values.data(), (long)args.values.size());
            release_defaults(args, given);
            printf("result method=%ld ok=%d %s%s\n", method, ok ? 1 : 0, take(ret).show().c_str(),
                   error_part(connection).c_str());
        } else if (command == "get") {
            long prop = object->FindProp(wide_name.c_str());
            tVariant value;
            memset(&value, 0, sizeof value);
            bool ok = object->IsPropReadable(prop) && object->GetPropVal(prop, &value);
            printf("result prop=%ld ok=%d %s\n", prop, ok ? 1 : 0, take(value).show().c_str());
        } else if (command == "set") {
            long prop = object->FindProp(wide_name.c_str());
            Args args(tokens);
            bool ok = !args.values.empty() && object->SetPropVal(prop, &args.values[0]);
            printf("result prop=%ld ok=%d%s\n", prop, ok ? 1 : 0, error_part(connection).c_str());
        } else if (command == "stats") {
            printf("stats allocs=%ld frees=%ld errors=%ld malformed=%ld\n", memory.allocs.load(),
                   memory.frees.load(), connection.errors, malformed.load());
        } else if (command == "threads") {
            long count = strtol(name.c_str(), nullptr, 10);
            long calls = tokens.size() == 3 ? strtol(tokens[0].c_str(), nullptr, 10) : 0;
            std::u16string url = tokens.size() == 3 ? unhex(tokens[1]) : u"";
            std::u16string dialog = tokens.size() == 3 ? unhex(tokens[2]) : u"";
            std::atomic<long> ok{0}, failed{0};
            std::mutex lock;
            std::string first_failure;
            std::vector<std::thread> threads;
            for (long t = 0; t < count; t++)
                threads.emplace_back(send_many, t, calls, url, dialog, &ok, &failed, &lock,
                                     &first_failure);
            for (std::thread &t : threads) t.join();
            printf("threads ok=%ld failed=%ld first_failure=%s\n", ok.load(), failed.load(),
                   first_failure.empty() ? "-" : first_failure.c_str());
        } else {
            printf("unknown command=%s\n", command.c_str());
        }
        printf("end\n");
    }

    destroy(object);
    printf("final allocs=%ld frees=%ld errors=%ld malformed=%ld first_malformed=%s\n",
           memory.allocs.load(), memory.frees.load(), connection.errors, malformed.load(),
           first_malformed.empty() ? "-" : first_malformed.c_str());
    // The library stays loaded, as the platform keeps it (it is linked with -z nodelete).
    return 0;
}
