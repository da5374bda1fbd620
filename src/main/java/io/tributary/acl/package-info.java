/**
 * ACLs as Kafka shapes them ({@link io.tributary.acl.AclBinding}, {@link io.tributary.acl.AclFilter}) and the port
 * that lists, creates and deletes them at run time ({@link io.tributary.acl.Acls}); each backend implements it, the
 * web layer's authorizer decides from its snapshot. docs/security.md.
 */
package io.tributary.acl;
