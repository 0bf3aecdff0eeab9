"""C tasks: stacks, queues, linked lists, trees and caches."""

from collections import OrderedDict, deque

from tasksrc._harness import c_harness

_NODE = "struct Node { int value; struct Node *next; };"
_TREE = "struct Tree { int key; struct Tree *left; struct Tree *right; };"

# Harness helpers to build linked lists; the candidate defines struct Node as the prompt says.
_LIST_HELPERS = r'''
static struct Node halo_nodes[16];
static struct Node *halo_list(const int *values, int n) {
    for (int i = 0; i < n; i++) {
        halo_nodes[i].value = values[i];
        halo_nodes[i].next = i + 1 < n ? &halo_nodes[i + 1] : NULL;
    }
    return n ? &halo_nodes[0] : NULL;
}
'''


def _lines(stdin):
    return stdin.split("\n")


def _balanced(stdin):
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for c in _lines(stdin)[0]:
        if c in "([{":
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return "no\n"
    return "no\n" if stack else "yes\n"


def _stack_machine(stdin):
    lines, stack, out = _lines(stdin), [], []
    for line in lines[1:1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "push":
            stack.append(int(parts[1]))
        elif not stack:
            out.append("empty")
        elif parts[0] == "pop":
            out.append(str(stack.pop()))
        else:
            out.append(str(stack[-1]))
    return "".join(o + "\n" for o in out)


def _queue(stdin):
    lines, queue, out = _lines(stdin), deque(), []
    for line in lines[1:1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "enqueue":
            queue.append(parts[1])
        else:
            out.append(queue.popleft() if queue else "empty")
    return "".join(o + "\n" for o in out)


def _lru_misses(stdin):
    nums = [int(x) for x in stdin.split()]
    capacity, n, keys = nums[0], nums[1], nums[2:]
    cache, misses = OrderedDict(), 0
    for key in keys[:n]:
        if key in cache:
            cache.move_to_end(key)
            continue
        misses += 1
        cache[key] = True
        if len(cache) > capacity:
            cache.popitem(last=False)
    return f"{misses}\n"


def _digit_histogram(stdin):
    nums = [int(x) for x in stdin.split()]
    values = nums[1:1 + nums[0]]
    return " ".join(str(values.count(d)) for d in range(10)) + "\n"


TASKS = [
    {
        "id": "c/digit-histogram",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 1000) and then n integers, each between "
                  "0 and 9, from standard input. Print ten numbers on one line separated by single spaces: how "
                  "many times 0 occurs, how many times 1 occurs, ..., how many times 9 occurs, followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, d, count[10] = {0};
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &d) != 1) return 1;
        count[d]++;
    }
    for (int i = 0; i < 10; i++) printf("%d%c", count[i], i < 9 ? ' ' : '\n');
    return 0;
}
''',
        "inputs": ["5\n1 2 2 9 0\n", "1\n7\n", "4\n3 3 3 3\n", "10\n0 1 2 3 4 5 6 7 8 9\n"],
        "oracle": _digit_histogram,
    },
    {
        "id": "c/balanced-brackets",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line (at most 1000 characters) from standard input and "
                  "prints yes if its brackets (), [] and {} are balanced and properly nested, and no otherwise, "
                  "followed by a newline. Characters other than the six brackets are ignored; a line without "
                  "brackets is balanced. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    char stack[1100];
    int top = 0, c, ok = 1;
    while ((c = getchar()) != EOF && c != '\n') {
        if (c == '(' || c == '[' || c == '{') stack[top++] = (char)c;
        else if (c == ')' || c == ']' || c == '}') {
            char want = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (top == 0 || stack[--top] != want) { ok = 0; break; }
        }
    }
    printf("%s\n", ok && top == 0 ? "yes" : "no");
    return 0;
}
''',
        "inputs": ["([]{})\n", "([)]\n", "\n", "((\n", "a(b[c]d)e\n", ")(\n", "{[()()]}x}\n"],
        "oracle": _balanced,
    },
    {
        "id": "c/stack-machine",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C program that runs commands on a stack of integers, initially empty. It reads an "
                  "integer n (0 <= n <= 10000) from standard input, then n lines, each one of: push x (push the "
                  "integer x, |x| <= 1000000000), pop (remove the top value and print it on its own line), top "
                  "(print the top value on its own line without removing it). For pop or top on an empty "
                  "stack print the word empty on its own line instead. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
static long stack[10000];
int main(void) {
    int n, top = 0;
    char cmd[16];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%15s", cmd) != 1) return 1;
        if (strcmp(cmd, "push") == 0) {
            if (scanf("%ld", &stack[top]) != 1) return 1;
            top++;
        } else if (top == 0) printf("empty\n");
        else if (strcmp(cmd, "pop") == 0) printf("%ld\n", stack[--top]);
        else printf("%ld\n", stack[top - 1]);
    }
    return 0;
}
''',
        "inputs": ["5\npush 1\npush 2\ntop\npop\npop\n", "2\npop\ntop\n", "3\npush -5\ntop\ntop\n",
                   "6\npush 1000000000\npop\npop\npush 3\npush 4\npop\n"],
        "oracle": _stack_machine,
    },
    {
        "id": "c/queue-simulation",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C program that runs commands on a first-in first-out queue of integers, initially "
                  "empty. It reads an integer n (0 <= n <= 10000) from standard input, then n lines, each "
                  "either enqueue x (add the integer x, |x| <= 1000000000, at the back) or dequeue (remove the "
                  "value at the front and print it on its own line, or print the word empty if the queue is "
                  "empty). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
static long queue[10000];
int main(void) {
    int n, head = 0, tail = 0;
    char cmd[16];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%15s", cmd) != 1) return 1;
        if (strcmp(cmd, "enqueue") == 0) {
            if (scanf("%ld", &queue[tail]) != 1) return 1;
            tail++;
        } else if (head == tail) printf("empty\n");
        else printf("%ld\n", queue[head++]);
    }
    return 0;
}
''',
        "inputs": ["4\nenqueue 1\nenqueue 2\ndequeue\ndequeue\n", "1\ndequeue\n",
                   "5\nenqueue -3\ndequeue\ndequeue\nenqueue 7\ndequeue\n", "3\nenqueue 5\nenqueue 6\ndequeue\n"],
        "oracle": _queue,
    },
    {
        "id": "c/lru-cache-misses",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": "Write a C program that simulates a least-recently-used (LRU) cache. It reads integers c and n "
                  "(1 <= c <= 100, 0 <= n <= 10000) and then n keys (integers between 0 and 1000000) from "
                  "standard input. The cache holds at most c keys. For each key: if it is in the cache it "
                  "becomes the most recently used; otherwise it is a miss, and it is inserted as the most "
                  "recently used, evicting the least recently used key if the cache already held c keys. Print "
                  "the number of misses followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int c, n, key, size = 0, misses = 0, cache[100];  /* cache[0] is the least recently used */
    if (scanf("%d %d", &c, &n) != 2) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &key) != 1) return 1;
        int at = -1;
        for (int j = 0; j < size; j++)
            if (cache[j] == key) at = j;
        if (at < 0) {
            misses++;
            if (size == c) at = 0;  /* full: evict the least recently used */
            else at = size++;
        }
        for (int j = at; j + 1 < size; j++) cache[j] = cache[j + 1];
        cache[size - 1] = key;
    }
    printf("%d\n", misses);
    return 0;
}
''',
        "inputs": ["2 5\n1 2 1 3 2\n", "1 3\n5 5 5\n", "3 0\n", "3 7\n1 2 3 4 1 2 5\n", "2 6\n1 2 1 2 3 1\n",
                   "100 6\n1 2 3 1 2 3\n"],
        "oracle": _lru_misses,
    },
    {
        "id": "c/manhattan-struct",
        "style": "function",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": "Define the C structure `struct Point { int x; int y; };` and write a C function "
                  "`int manhattan(struct Point a, struct Point b)` that returns the Manhattan distance "
                  "|a.x - b.x| + |a.y - b.y|. Do not write a main function.",
        "entry_point": "manhattan",
        "solution": "struct Point { int x; int y; };\nint manhattan(struct Point a, struct Point b) {\n"
                    "    int dx = a.x - b.x, dy = a.y - b.y;\n    return (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);\n}\n",
        "test_code": c_harness(r'''
    struct Point o = {0, 0}, p = {3, 4}, q = {-2, 7};
    CHECK(manhattan(o, p) == 7);
    CHECK(manhattan(p, o) == 7);
    CHECK(manhattan(o, o) == 0);
    CHECK(manhattan(p, q) == 8);
'''),
    },
    {
        "id": "c/list-sum",
        "style": "function",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": f"Define the C structure `{_NODE}` (a singly linked list node) and write a C function "
                  "`int list_sum(const struct Node *head)` that returns the sum of the values in the list "
                  "starting at head (0 for an empty list, head == NULL). Do not write a main function.",
        "entry_point": "list_sum",
        "solution": _NODE + "\nint list_sum(const struct Node *head) {\n    int s = 0;\n"
                    "    for (; head; head = head->next) s += head->value;\n    return s;\n}\n",
        "test_code": c_harness(r'''
    int a[] = {1, 2, 3}, b[] = {-5};
    CHECK(list_sum(halo_list(a, 3)) == 6);
    CHECK(list_sum(halo_list(b, 1)) == -5);
    CHECK(list_sum(NULL) == 0);
''', includes=("stddef.h",), prelude=_LIST_HELPERS),
    },
    {
        "id": "c/list-length",
        "style": "function",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": f"Define the C structure `{_NODE}` (a singly linked list node) and write a C function "
                  "`int list_length(const struct Node *head)` that returns the number of nodes in the list "
                  "starting at head (0 when head is NULL). Do not write a main function.",
        "entry_point": "list_length",
        "solution": _NODE + "\nint list_length(const struct Node *head) {\n    int n = 0;\n"
                    "    for (; head; head = head->next) n++;\n    return n;\n}\n",
        "test_code": c_harness(r'''
    int a[] = {4, 5, 6, 7};
    CHECK(list_length(halo_list(a, 4)) == 4);
    CHECK(list_length(halo_list(a, 1)) == 1);
    CHECK(list_length(NULL) == 0);
''', includes=("stddef.h",), prelude=_LIST_HELPERS),
    },
    {
        "id": "c/reverse-list",
        "style": "function",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": f"Define the C structure `{_NODE}` (a singly linked list node) and write a C function "
                  "`struct Node *reverse_list(struct Node *head)` that reverses the list in place by relinking "
                  "its nodes (no allocation) and returns the new head (NULL for an empty list). Do not write a "
                  "main function.",
        "entry_point": "reverse_list",
        "solution": "#include <stddef.h>\n" + _NODE + r'''
struct Node *reverse_list(struct Node *head) {
    struct Node *prev = NULL;
    while (head) {
        struct Node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 2, 3};
    struct Node *r = reverse_list(halo_list(a, 3));
    CHECK(r != NULL && r->value == 3 && r->next->value == 2 && r->next->next->value == 1
          && r->next->next->next == NULL);
    CHECK(r == &halo_nodes[2]);
    r = reverse_list(halo_list(a, 1));
    CHECK(r == &halo_nodes[0] && r->next == NULL);
    CHECK(reverse_list(NULL) == NULL);
''', includes=("stddef.h",), prelude=_LIST_HELPERS),
    },
    {
        "id": "c/bst-insert",
        "style": "function",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": f"Define the C structure `{_TREE}` (a binary search tree node: smaller keys go left, larger "
                  "keys right) and write a C function `struct Tree *bst_insert(struct Tree *root, int key)` "
                  "that inserts key into the tree rooted at root (NULL for an empty tree), allocating the new "
                  "node with malloc and setting its children to NULL, and returns the root of the tree. If the "
                  "key is already present the tree is left unchanged. Do not write a main function.",
        "entry_point": "bst_insert",
        "solution": "#include <stdlib.h>\n" + _TREE + r'''
struct Tree *bst_insert(struct Tree *root, int key) {
    if (!root) {
        struct Tree *node = malloc(sizeof *node);
        if (!node) return NULL;
        node->key = key;
        node->left = node->right = NULL;
        return node;
    }
    if (key < root->key) root->left = bst_insert(root->left, key);
    else if (key > root->key) root->right = bst_insert(root->right, key);
    return root;
}
''',
        "test_code": c_harness(r'''
    struct Tree *t = NULL;
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 30, 65};
    for (int i = 0; i < 9; i++) t = bst_insert(t, keys[i]);
    int out[16], n = 0;
    halo_inorder(t, out, &n);
    CHECK(n == 8);
    CHECK(out[0] == 20 && out[1] == 30 && out[2] == 40 && out[3] == 50 && out[4] == 60 && out[5] == 65
          && out[6] == 70 && out[7] == 80);
    CHECK(t != NULL && t->key == 50 && t->left->key == 30 && t->right->key == 70);
    CHECK(halo_height(t) == 4);
    struct Tree *one = bst_insert(NULL, -3);
    CHECK(one != NULL && one->key == -3 && one->left == NULL && one->right == NULL);
''', includes=("stddef.h",), prelude=r'''static void halo_inorder(const struct Tree *t, int *out, int *n) {
    if (!t || *n >= 16) return;
    halo_inorder(t->left, out, n);
    if (*n < 16) out[(*n)++] = t->key;
    halo_inorder(t->right, out, n);
}
static int halo_height(const struct Tree *t) {
    if (!t) return 0;
    int l = halo_height(t->left), r = halo_height(t->right);
    return 1 + (l > r ? l : r);
}
'''),
    },
    {
        "id": "c/ring-buffer",
        "style": "function",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": "Write a C function `int ring_average(const int *samples, int n, int window, double *out)` "
                  "that computes a moving average with a ring buffer: for each i from 0 to n-1 it stores in "
                  "out[i] the average of the last min(i + 1, window) samples up to and including samples[i]. "
                  "1 <= window <= 64, 0 <= n <= 100000. It returns the number of values written (n), or -1 "
                  "without writing anything if window is outside 1..64. It must run in O(n). Do not write a "
                  "main function.",
        "entry_point": "ring_average",
        "solution": r'''int ring_average(const int *samples, int n, int window, double *out) {
    int ring[64], head = 0, count = 0;
    long long sum = 0;
    if (window < 1 || window > 64) return -1;
    for (int i = 0; i < n; i++) {
        if (count == window) sum -= ring[head];
        else count++;
        ring[head] = samples[i];
        sum += samples[i];
        head = (head + 1) % window;
        out[i] = (double)sum / count;
    }
    return n;
}
''',
        "test_code": c_harness(r'''
    int s[] = {2, 4, 6, 8, 10};
    double out[5] = {-1, -1, -1, -1, -1};
    CHECK(ring_average(s, 5, 2, out) == 5);
    CHECK(fabs(out[0] - 2) < 1e-9 && fabs(out[1] - 3) < 1e-9 && fabs(out[2] - 5) < 1e-9
          && fabs(out[3] - 7) < 1e-9 && fabs(out[4] - 9) < 1e-9);
    CHECK(ring_average(s, 5, 5, out) == 5 && fabs(out[4] - 6) < 1e-9 && fabs(out[1] - 3) < 1e-9);
    out[0] = -1;
    CHECK(ring_average(s, 5, 0, out) == -1 && out[0] == -1);
    CHECK(ring_average(s, 5, 65, out) == -1 && out[0] == -1);
    CHECK(ring_average(s, 0, 3, out) == 0);
    CHECK(ring_average(s, 3, 1, out) == 3 && fabs(out[2] - 6) < 1e-9);
    static int big[100000];
    static double bout[100000];
    for (int i = 0; i < 100000; i++) big[i] = i % 7;
    CHECK(ring_average(big, 100000, 7, bout) == 100000 && fabs(bout[99999] - 3) < 1e-9);
''', includes=("math.h",)),
    },
]
